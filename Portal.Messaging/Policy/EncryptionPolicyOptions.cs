namespace Portal.Messaging.Policy;

/// <summary>An organisation's encryption rules. Restricted content never leaves the portal, whatever is set here.</summary>
public sealed class EncryptionPolicyOptions
{
    /// <summary>Configuration section these options bind to.</summary>
    public const string SectionName = "EncryptionPolicy";

    /// <summary>The most sensitive content allowed by email over verified TLS alone (without S/MIME or OpenPGP).
    /// Default <see cref="Sensitivity.LightPhi"/>: clinical content needs end-to-end encryption or the portal.</summary>
    public Sensitivity MaxSensitivityOverTls { get; set; } = Sensitivity.LightPhi;

    /// <summary>When false, S/MIME and OpenPGP are not used and PHI always goes by portal pickup.</summary>
    public bool AllowEndToEndEncryption { get; set; } = true;
}
