namespace Portal.Grains.Encryption;

/// <summary>Where the key-encryption key (KEK) that wraps every patient's data key comes from.</summary>
public sealed class EncryptionOptions
{
    public const string SectionName = "Encryption";

    /// <summary>The KEK itself, 32 bytes in base64 (from a secret store or environment variable).</summary>
    public string? KeyEncryptionKey { get; set; }

    /// <summary>A file holding the KEK in base64. In Development a missing file is generated.</summary>
    public string? KeyEncryptionKeyFile { get; set; }

    /// <summary>
    /// During a rotation: the KEKs being replaced (base64). What they wrapped stays readable while
    /// <see cref="Portal.Grains.Encryption.KekRotation"/> re-wraps it under the current key; remove them once
    /// the keys page says nothing depends on them any more.
    /// </summary>
    public string[] PreviousKeyEncryptionKeys { get; set; } = [];

    /// <summary>A KEK held in a hardware security module instead (it never leaves it); takes precedence when set.</summary>
    public Pkcs11Options Pkcs11 { get; set; } = new();
}

/// <summary>Where the HSM's KEK is: a PKCS#11 library, the token by its label, the user PIN, the AES key by its label.</summary>
public sealed class Pkcs11Options
{
    public string? LibraryPath { get; set; }
    public string? TokenLabel { get; set; }
    public string? Pin { get; set; }
    public string KeyLabel { get; set; } = "portal-kek";
}
