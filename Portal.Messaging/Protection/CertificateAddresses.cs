using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Portal.Messaging.Protection;

/// <summary>The email addresses a certificate was issued for: subjectAltName rfc822Name entries, else the subject's E=.</summary>
internal static class CertificateAddresses
{
    private const string SubjectAltNameOid = "2.5.29.17";
    private static readonly Asn1Tag Rfc822Name = new(TagClass.ContextSpecific, 1);

    public static IReadOnlyList<string> Of(X509Certificate2 certificate)
    {
        var addresses = new List<string>();
        foreach (var extension in certificate.Extensions)
        {
            if (extension.Oid?.Value != SubjectAltNameOid)
                continue;
            try
            {
                var names = new AsnReader(extension.RawData, AsnEncodingRules.DER).ReadSequence();
                while (names.HasData)
                {
                    if (names.PeekTag().HasSameClassAndValue(Rfc822Name))
                        addresses.Add(names.ReadCharacterString(UniversalTagNumber.IA5String, Rfc822Name));
                    else
                        names.ReadEncodedValue();
                }
            }
            catch (Exception e) when (e is AsnContentException or CryptographicException)
            {
                // A malformed SAN names nobody; the caller then finds no matching address.
            }
        }
        // RFC 8550 prefers subjectAltName; the subject's emailAddress is the legacy fallback.
        if (addresses.Count == 0 && certificate.GetNameInfo(X509NameType.EmailName, forIssuer: false) is { Length: > 0 } legacy)
            addresses.Add(legacy);
        return addresses;
    }

    public static bool Matches(IEnumerable<string> certified, IEnumerable<string> wanted) =>
        certified.Any(c => wanted.Any(w => string.Equals(c.Trim(), w.Trim(), StringComparison.OrdinalIgnoreCase)));
}
