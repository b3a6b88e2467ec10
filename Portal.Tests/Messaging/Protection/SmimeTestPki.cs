using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Portal.Data.Patients;

namespace Portal.Tests.Messaging.Protection;

/// <summary>
/// A small PKI made by the openssl CLI: a root CA, the clinic's signing certificate and a
/// patient's encryption certificate, with PEM files for openssl to decrypt and verify with.
/// Odd certificates (expired, weak, wrong usage) are made in code by <see cref="MakeCertificate"/>.
/// </summary>
public sealed class SmimeTestPki : IDisposable
{
    public const string OrgAddress = "care@portal.example.org";
    public const string RecipientAddress = "pat@patient.example.net";

    private readonly TempDirectory _dir = new("portal-smime-");

    public SmimeTestPki()
    {
        CaPem = _dir.File("ca.pem");
        CaKey = _dir.File("ca.key");
        OrgPem = _dir.File("org.pem");
        OrgKey = _dir.File("org.key");
        RecipientPem = _dir.File("recipient.pem");
        RecipientKey = _dir.File("recipient.key");

        ExternalTool.MustRun("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", CaKey, "-out", CaPem, "-days", "30",
            "-subj", "/CN=Portal Test Root CA", "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        Issue("org", "/CN=Example Clinic", OrgAddress, "digitalSignature,nonRepudiation,keyEncipherment", OrgPem, OrgKey);
        Issue("recipient", "/CN=Pat Example", RecipientAddress, "digitalSignature,keyEncipherment", RecipientPem, RecipientKey);

        Ca = X509CertificateLoader.LoadCertificateFromFile(CaPem);
        Org = X509Certificate2.CreateFromPemFile(OrgPem, OrgKey);
        Recipient = X509CertificateLoader.LoadCertificateFromFile(RecipientPem);
    }

    public string CaPem { get; }
    public string CaKey { get; }
    public string OrgPem { get; }
    public string OrgKey { get; }
    public string RecipientPem { get; }
    public string RecipientKey { get; }

    public X509Certificate2 Ca { get; }
    public X509Certificate2 Org { get; }
    public X509Certificate2 Recipient { get; }

    public string Scratch(string name) => _dir.File(name);

    private void Issue(string name, string subject, string email, string keyUsage, string pem, string key)
    {
        var csr = _dir.File(name + ".csr");
        var ext = _dir.File(name + ".ext");
        File.WriteAllText(ext, $"""
            basicConstraints=critical,CA:FALSE
            keyUsage=critical,{keyUsage}
            extendedKeyUsage=emailProtection
            subjectAltName=email:{email}
            """);
        ExternalTool.MustRun("openssl", "req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", csr, "-subj", subject);
        ExternalTool.MustRun("openssl", "x509", "-req", "-in", csr, "-CA", CaPem, "-CAkey", CaKey, "-CAcreateserial", "-days", "30", "-sha256", "-extfile", ext, "-out", pem);
    }

    /// <summary>A self-signed certificate with the given defects, for the validator's refusals.</summary>
    public static X509Certificate2 MakeCertificate(DateTimeOffset notBefore, DateTimeOffset notAfter,
        X509KeyUsageFlags usage = X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.DigitalSignature,
        int rsaBits = 2048, bool ec = false, string? eku = "1.3.6.1.5.5.7.3.4", bool ca = false)
    {
        var subject = $"CN=Pat Example, E={RecipientAddress}";
        using AsymmetricAlgorithm key = ec ? ECDsa.Create(ECCurve.NamedCurves.nistP256) : RSA.Create(rsaBits);
        var request = key is RSA rsa
            ? new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            : new CertificateRequest(subject, (ECDsa)key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, critical: true));
        if (eku is not null)
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(eku)], critical: false));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(ca, false, 0, critical: true));
        var san = new SubjectAlternativeNameBuilder();
        san.AddEmailAddress(RecipientAddress);
        request.CertificateExtensions.Add(san.Build());
        return request.CreateSelfSigned(notBefore, notAfter);
    }

    public void Dispose() => _dir.Dispose();
}
