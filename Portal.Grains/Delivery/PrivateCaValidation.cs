using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Portal.Grains.Delivery;

/// <summary>
/// Certificate check for servers whose certificates come from a private CA (an organisation's
/// internal relay): the chain must end at that CA or at a system root, and the name must match.
/// </summary>
public static class PrivateCaValidation
{
    public static RemoteCertificateValidationCallback For(string caPemPath)
    {
        var pem = File.ReadAllText(caPemPath);
        var fields = System.Security.Cryptography.PemEncoding.Find(pem);
        var ca = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(pem[fields.Base64Data]));
        return (_, certificate, _, errors) =>
        {
            if (errors == SslPolicyErrors.None) return true;
            // Name mismatches and missing certificates are never forgiven; only the untrusted root is re-checked.
            if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None) return false;
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(ca);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(new X509Certificate2(certificate));
        };
    }
}
