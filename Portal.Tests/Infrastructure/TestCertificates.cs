using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Portal.Tests.Infrastructure;

/// <summary>Certificates made on the spot for S/MIME tests: the organisation's signing identity and patients' certificates.</summary>
public static class TestCertificates
{
    public static string WriteOrganisationPfx(string path, string password)
    {
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var certificate = Create("no-reply@portal.localhost", DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12, password));
        }
        return path;
    }

    /// <summary>An RSA-2048 email certificate (key encipherment + digital signature, emailProtection) for <paramref name="email"/>.</summary>
    public static X509Certificate2 Create(string email, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={email}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.4")], critical: false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddEmailAddress(email);
        request.CertificateExtensions.Add(names.Build());
        return request.CreateSelfSigned(notBefore, notAfter);
    }
}
