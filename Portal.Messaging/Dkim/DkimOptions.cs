using System.ComponentModel.DataAnnotations;

namespace Portal.Messaging.Dkim;

/// <summary>
/// DKIM signing of outgoing mail (configuration section <c>Dkim</c>). With no <see cref="Domain"/>
/// DKIM is off, which suits development; once a domain is set the keys are checked at start-up.
/// </summary>
public sealed class DkimOptions : IValidatableObject
{
    /// <summary>Configuration section these options bind to.</summary>
    public const string SectionName = "Dkim";

    /// <summary>The signing domain (<c>d=</c>). It should align with the From domain for DMARC.</summary>
    public string? Domain { get; set; }

    /// <summary>Selector of the rsa-sha256 key.</summary>
    public string? Selector { get; set; }

    /// <summary>Path to the PEM file of the rsa-sha256 key (RSA, at least 2048 bits).</summary>
    public string? PrivateKeyPath { get; set; }

    /// <summary>The rsa-sha256 key as PEM text (instead of <see cref="PrivateKeyPath"/>).</summary>
    public string? PrivateKeyPem { get; set; }

    /// <summary>Optional selector of an ed25519-sha256 key signed alongside the RSA one.</summary>
    public string? Ed25519Selector { get; set; }

    /// <summary>Path to the PEM file (PKCS#8) of the Ed25519 key.</summary>
    public string? Ed25519PrivateKeyPath { get; set; }

    /// <summary>The Ed25519 key as PEM text (instead of <see cref="Ed25519PrivateKeyPath"/>).</summary>
    public string? Ed25519PrivateKeyPem { get; set; }

    /// <summary>Further keys for rotation; see <see cref="DkimKeyOptions.ActiveFrom"/>.</summary>
    public List<DkimKeyOptions> Keys { get; set; } = [];

    /// <summary>
    /// Header fields to sign when present. Empty means <see cref="DkimHeaderList.Default"/>.
    /// From is always signed.
    /// </summary>
    public List<string> SignedHeaders { get; set; } = [];

    /// <summary>Optional signature lifetime (<c>x=</c>); receivers ignore signatures older than this.</summary>
    public TimeSpan? SignatureLifetime { get; set; }

    /// <summary>True when a domain is configured, i.e. mail is to be signed.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Domain);

    /// <summary>Every configured key, the flat ones first, in the form the key ring uses.</summary>
    public IEnumerable<DkimKeyOptions> AllKeys()
    {
        if (!string.IsNullOrWhiteSpace(Selector) || !string.IsNullOrWhiteSpace(PrivateKeyPath) || !string.IsNullOrWhiteSpace(PrivateKeyPem))
            yield return new DkimKeyOptions { Selector = Selector ?? "", Algorithm = DkimKeyAlgorithm.RsaSha256, PrivateKeyPath = PrivateKeyPath, PrivateKeyPem = PrivateKeyPem };
        if (!string.IsNullOrWhiteSpace(Ed25519Selector) || !string.IsNullOrWhiteSpace(Ed25519PrivateKeyPath) || !string.IsNullOrWhiteSpace(Ed25519PrivateKeyPem))
            yield return new DkimKeyOptions { Selector = Ed25519Selector ?? "", Algorithm = DkimKeyAlgorithm.Ed25519Sha256, PrivateKeyPath = Ed25519PrivateKeyPath, PrivateKeyPem = Ed25519PrivateKeyPem };
        foreach (var key in Keys)
            yield return key;
    }

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enabled)
            yield break;

        var keys = AllKeys().ToList();
        // Ed25519 alone would leave most receivers (which only verify RSA) with no valid signature.
        if (!keys.Any(k => k.Algorithm == DkimKeyAlgorithm.RsaSha256))
            yield return new ValidationResult("Dkim: configure an rsa-sha256 key (Dkim:Selector with Dkim:PrivateKeyPath or Dkim:PrivateKeyPem).");

        foreach (var key in keys)
        {
            if (!DkimHeaderList.IsValidSelector(key.Selector))
                yield return new ValidationResult($"Dkim: selector '{key.Selector}' is not a valid DNS label sequence.");
            if (string.IsNullOrWhiteSpace(key.PrivateKeyPath) == string.IsNullOrWhiteSpace(key.PrivateKeyPem))
                yield return new ValidationResult($"Dkim: selector '{key.Selector}' needs exactly one of a private key path or PEM text.");
            else if (!string.IsNullOrWhiteSpace(key.PrivateKeyPath) && !File.Exists(key.PrivateKeyPath))
                yield return new ValidationResult($"Dkim: the key file for selector '{key.Selector}' does not exist.");
        }

        foreach (var duplicate in keys.GroupBy(k => (k.Algorithm, k.ActiveFrom)).Where(g => g.Count() > 1))
            yield return new ValidationResult($"Dkim: two {duplicate.Key.Algorithm} keys become active at the same time; give each an ActiveFrom.");

        if (SignatureLifetime is { } lifetime && lifetime <= TimeSpan.Zero)
            yield return new ValidationResult("Dkim:SignatureLifetime must be positive.");

        foreach (var header in SignedHeaders)
            if (!DkimHeaderList.MaySign(header))
                yield return new ValidationResult($"Dkim: header '{header}' must not be signed (it is changed in transit or is trace information).");
    }
}
