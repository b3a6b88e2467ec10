using Microsoft.Extensions.Options;

namespace Portal.Messaging.Protection;

/// <summary>The organisation's OpenPGP protector, when a signing key is configured.</summary>
public sealed class OrganisationPgp(IOptions<OpenPgpOptions> options, TimeProvider clock)
{
    private readonly Lazy<PgpMimeProtector?> _protector = new(() =>
    {
        var o = options.Value;
        if (string.IsNullOrWhiteSpace(o.SecretKeyPath))
            return null;
        var key = PgpSigningKey.Load(File.ReadAllText(o.SecretKeyPath), o.Passphrase ?? "");
        return new PgpMimeProtector(key, new PgpKeyValidator(clock), clock);
    });

    /// <summary>The protector, or null when OpenPGP is not configured.</summary>
    public PgpMimeProtector? Protector => _protector.Value;

    /// <summary>Checks recipient keys with the same clock and rules the protector uses.</summary>
    public PgpKeyValidator Validator { get; } = new(clock);
}
