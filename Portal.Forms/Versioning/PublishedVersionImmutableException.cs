namespace Portal.Forms.Versioning;

/// <summary>An attempt to change a version that has been published; changes go into a new draft version.</summary>
public sealed class PublishedVersionImmutableException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public PublishedVersionImmutableException(string message)
        : base(message)
    {
    }
}
