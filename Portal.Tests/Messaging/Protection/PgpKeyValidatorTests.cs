using Org.BouncyCastle.Bcpg.OpenPgp;
using Portal.Messaging.Protection;

namespace Portal.Tests.Messaging.Protection;

[Collection(GpgCollection.Name)]
public sealed class PgpKeyValidatorTests(GpgTestKeys keys)
{
    private readonly PgpKeyValidator _validator = new();

    private static void AssertRefused(RecipientKeyCheck<PgpPublicKey> check, string expected)
    {
        Assert.False(check.IsAcceptable);
        Assert.Contains(expected, check.Reason);
        Assert.DoesNotContain("@", check.Reason);
    }

    [Fact]
    public void Gpg_rsa_key_is_accepted_and_its_encryption_subkey_chosen()
    {
        var check = _validator.Validate(keys.RsaRecipientKey);
        Assert.True(check.IsAcceptable, check.Reason);
        Assert.False(check.Key!.IsMasterKey);
        Assert.Equal(Org.BouncyCastle.Bcpg.PublicKeyAlgorithmTag.RsaGeneral, check.Key.Algorithm);
    }

    [Fact]
    public void Gpg_curve25519_key_is_accepted_and_its_ecdh_subkey_chosen()
    {
        var check = _validator.Validate(keys.CurveRecipientKey);
        Assert.True(check.IsAcceptable, check.Reason);
        Assert.Equal(Org.BouncyCastle.Bcpg.PublicKeyAlgorithmTag.ECDH, check.Key!.Algorithm);
    }

    [Fact]
    public void Expected_address_must_be_a_certified_user_id()
    {
        Assert.True(_validator.Validate(keys.RsaRecipientKey, ["PAT@patient.example.net"]).IsAcceptable);
        AssertRefused(_validator.Validate(keys.RsaRecipientKey, ["sam@patient.example.net"]), "no user ID for the recipient's address");
    }

    [Fact]
    public void Expired_key_is_refused() => AssertRefused(_validator.Validate(keys.ExpiredKey), "expired on 202");

    [Fact]
    public void Expired_key_was_fine_while_it_was_valid()
    {
        var then = new PgpKeyValidator(new MutableClock(new DateTimeOffset(2020, 6, 1, 0, 0, 0, TimeSpan.Zero)));
        var check = then.Validate(keys.ExpiredKey);
        Assert.True(check.IsAcceptable, check.Reason);
    }

    [Fact]
    public void Revoked_key_is_refused() => AssertRefused(_validator.Validate(keys.RevokedKey), "revoked");

    [Fact]
    public void Signing_only_key_is_refused() => AssertRefused(_validator.Validate(keys.SignOnlyKey), "cannot encrypt");

    [Fact]
    public void Weak_rsa_key_is_refused() => AssertRefused(_validator.Validate(keys.WeakKey), "1024-bit RSA");

    [Fact]
    public void Private_key_block_is_refused() => AssertRefused(_validator.Validate(keys.OrgSecretKey), "private key");

    [Fact]
    public void Two_keys_at_once_are_refused() =>
        AssertRefused(_validator.Validate(keys.RsaRecipientKey + keys.CurveRecipientKey), "2 public keys");

    [Theory]
    [InlineData("")]
    [InlineData("hello, my key is pat@patient.example.net")]
    [InlineData("-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmQINBGZ\n-----END PGP PUBLIC KEY BLOCK-----\n")]
    public void Malformed_text_is_refused(string text)
    {
        var check = _validator.Validate(text);
        Assert.False(check.IsAcceptable);
        Assert.DoesNotContain("@", check.Reason);
    }

    [Fact]
    public void Truncated_key_is_refused()
    {
        var text = keys.RsaRecipientKey;
        var body = text[..(text.Length / 2)] + "\n-----END PGP PUBLIC KEY BLOCK-----\n";
        Assert.False(_validator.Validate(body).IsAcceptable);
    }

    [Fact]
    public void Forged_subkey_binding_is_not_trusted()
    {
        // Graft the encryption subkey of one key onto another key's primary: the binding
        // signature is then by the wrong key and must not verify.
        var victim = new PgpPublicKeyRing(PgpUtilities.GetDecoderStream(new MemoryStream(System.Text.Encoding.ASCII.GetBytes(keys.SignOnlyKey))));
        var donor = new PgpPublicKeyRing(PgpUtilities.GetDecoderStream(new MemoryStream(System.Text.Encoding.ASCII.GetBytes(keys.CurveRecipientKey))));
        var grafted = PgpPublicKeyRing.InsertPublicKey(victim, donor.GetPublicKeys().Single(k => !k.IsMasterKey));
        var check = _validator.Validate(grafted.GetEncoded());
        AssertRefused(check, "cannot encrypt");
    }
}
