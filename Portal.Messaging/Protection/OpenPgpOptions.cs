namespace Portal.Messaging.Protection;

/// <summary>The organisation's OpenPGP signing key. Without it, OpenPGP delivery is not offered.</summary>
public sealed class OpenPgpOptions
{
    /// <summary>Configuration section these options bind to.</summary>
    public const string SectionName = "OpenPgp";

    /// <summary>A file holding the ASCII-armored secret key, as <c>gpg --armor --export-secret-keys</c> writes it.</summary>
    public string? SecretKeyPath { get; set; }

    /// <summary>The passphrase that unlocks the secret key.</summary>
    public string? Passphrase { get; set; }
}
