using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace Portal.Messaging.Protection;

/// <summary>The organisation's S/MIME protector, when a signing certificate is configured.</summary>
public sealed class OrganisationSmime(IOptions<SmimeOptions> options, TimeProvider clock)
{
    private readonly Lazy<SmimeProtector?> _protector = new(() =>
    {
        var o = options.Value;
        if (string.IsNullOrWhiteSpace(o.CertificatePath))
            return null;
        var certificate = X509CertificateLoader.LoadPkcs12FromFile(o.CertificatePath, o.CertificatePassword, X509KeyStorageFlags.EphemeralKeySet);
        return new SmimeProtector(certificate, validator: new RecipientCertificateValidator(clock), clock: clock);
    });

    /// <summary>The protector, or null when S/MIME is not configured.</summary>
    public SmimeProtector? Protector => _protector.Value;

    /// <summary>Checks recipient certificates with the same clock and rules the protector uses.</summary>
    public RecipientCertificateValidator Validator { get; } = new(clock);
}
