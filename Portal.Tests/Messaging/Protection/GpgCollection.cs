namespace Portal.Tests.Messaging.Protection;

/// <summary>Generating GnuPG keys takes seconds; the OpenPGP tests share one set.</summary>
[CollectionDefinition(Name)]
public sealed class GpgCollection : ICollectionFixture<GpgTestKeys>
{
    public const string Name = "GnuPG keys";
}
