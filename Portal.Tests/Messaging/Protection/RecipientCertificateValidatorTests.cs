using System.Security.Cryptography.X509Certificates;
using Portal.Messaging.Protection;

namespace Portal.Tests.Messaging.Protection;

public sealed class RecipientCertificateValidatorTests(SmimeTestPki pki) : IClassFixture<SmimeTestPki>
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private readonly RecipientCertificateValidator _validator = new();

    private static void AssertRefused(RecipientKeyCheck<X509Certificate2> check, string expected)
    {
        Assert.False(check.IsAcceptable);
        Assert.Null(check.Key);
        Assert.Contains(expected, check.Reason);
        // Reasons are logged and shown to staff: no address or name may leak through them.
        Assert.DoesNotContain("@", check.Reason);
        Assert.DoesNotContain("Pat Example", check.Reason);
    }

    [Fact]
    public void Openssl_issued_recipient_certificate_is_accepted_as_pem_and_der()
    {
        var pem = _validator.Validate(File.ReadAllBytes(pki.RecipientPem));
        Assert.True(pem.IsAcceptable, pem.Reason);
        var der = _validator.Validate(pki.Recipient.RawData);
        Assert.True(der.IsAcceptable, der.Reason);
        Assert.Equal(pki.Recipient.Thumbprint, der.Key!.Thumbprint);
    }

    [Fact]
    public void Expired_certificate_is_refused() =>
        AssertRefused(_validator.Validate(SmimeTestPki.MakeCertificate(Now.AddYears(-2), Now.AddDays(-1))), "expired");

    [Fact]
    public void Not_yet_valid_certificate_is_refused() =>
        AssertRefused(_validator.Validate(SmimeTestPki.MakeCertificate(Now.AddDays(1), Now.AddYears(1))), "not valid yet");

    [Fact]
    public void Signing_only_key_usage_is_refused() =>
        AssertRefused(_validator.Validate(SmimeTestPki.MakeCertificate(Now.AddDays(-1), Now.AddYears(1), usage: X509KeyUsageFlags.DigitalSignature)), "key encipherment");

    [Fact]
    public void Non_rsa_key_is_refused() =>
        AssertRefused(_validator.Validate(SmimeTestPki.MakeCertificate(Now.AddDays(-1), Now.AddYears(1), ec: true)), "not RSA");

    [Fact]
    public void Weak_rsa_key_is_refused() =>
        AssertRefused(_validator.Validate(SmimeTestPki.MakeCertificate(Now.AddDays(-1), Now.AddYears(1), rsaBits: 1024)), "1024 bits");

    [Fact]
    public void Server_certificate_is_refused() =>
        AssertRefused(_validator.Validate(SmimeTestPki.MakeCertificate(Now.AddDays(-1), Now.AddYears(1), eku: "1.3.6.1.5.5.7.3.1")), "email protection");

    [Fact]
    public void Ca_certificate_is_refused() =>
        AssertRefused(_validator.Validate(SmimeTestPki.MakeCertificate(Now.AddDays(-1), Now.AddYears(1), ca: true)), "CA certificate");

    [Theory]
    [InlineData("not a certificate at all, pat@patient.example.net")]
    [InlineData("-----BEGIN CERTIFICATE-----\nTUlJQ2Z6Q0NBZWVnQXdJQkFnSVVU\n-----END CERTIFICATE-----\n")]
    public void Malformed_input_is_refused(string input) =>
        AssertRefused(_validator.Validate(System.Text.Encoding.ASCII.GetBytes(input)), "could not be read");

    [Fact]
    public void Truncated_der_is_refused() =>
        AssertRefused(_validator.Validate(pki.Recipient.RawData.AsSpan(0, pki.Recipient.RawData.Length / 2)), "could not be read");

    [Fact]
    public void Expected_address_is_matched_against_subject_alt_name()
    {
        Assert.True(_validator.Validate(pki.Recipient, ["Pat@Patient.Example.net"]).IsAcceptable);
        AssertRefused(_validator.Validate(pki.Recipient, ["sam@patient.example.net"]), "not issued for the recipient's address");
        AssertRefused(_validator.Validate(pki.Org, [SmimeTestPki.RecipientAddress]), "not issued for the recipient's address");
    }

    [Fact]
    public void Clock_decides_validity()
    {
        var late = new RecipientCertificateValidator(new MutableClock(Now.AddDays(60)));
        AssertRefused(late.Validate(pki.Recipient), "expired");
    }

    [Fact]
    public void Trust_anchors_require_a_chain_to_them()
    {
        var trusting = new RecipientCertificateValidator(trustAnchors: [pki.Ca]);
        var good = trusting.Validate(pki.Recipient);
        Assert.True(good.IsAcceptable, good.Reason);

        var stranger = SmimeTestPki.MakeCertificate(Now.AddDays(-1), Now.AddYears(1));
        AssertRefused(trusting.Validate(stranger), "does not chain to a trusted issuer");
    }
}
