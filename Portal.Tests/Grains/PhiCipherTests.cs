using System.Security.Cryptography;
using System.Text;
using Portal.Grains.Encryption;

namespace Portal.Tests.Grains;

public sealed class PhiCipherTests
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);
    private static readonly byte[] Context = Encoding.ASCII.GetBytes("message:1:body");

    [Fact]
    public void Round_trips_and_never_repeats_a_ciphertext()
    {
        var plain = Encoding.UTF8.GetBytes("Blood pressure 150/95 — élevée");
        var a = PhiCipher.Encrypt(Key, plain, Context);
        var b = PhiCipher.Encrypt(Key, plain, Context);
        Assert.NotEqual(a, b);
        Assert.Equal(plain, PhiCipher.Decrypt(Key, a, Context));
        Assert.Equal(plain.Length + 29, a.Length);
    }

    [Fact]
    public void A_changed_byte_a_moved_value_or_another_key_fails_loudly()
    {
        var cipher = PhiCipher.Encrypt(Key, "secret"u8, Context);
        var tampered = (byte[])cipher.Clone();
        tampered[^1] ^= 1;
        Assert.ThrowsAny<CryptographicException>(() => PhiCipher.Decrypt(Key, tampered, Context));
        Assert.ThrowsAny<CryptographicException>(() => PhiCipher.Decrypt(Key, cipher, "message:2:body"u8));
        Assert.ThrowsAny<CryptographicException>(() => PhiCipher.Decrypt(RandomNumberGenerator.GetBytes(32), cipher, Context));
        Assert.ThrowsAny<CryptographicException>(() => PhiCipher.Decrypt(Key, cipher.AsSpan(0, 10), Context));
    }
}
