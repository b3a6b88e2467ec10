using System.Security.Cryptography;
using Portal.Grains.Encryption;

namespace Portal.Tests.Grains;

public sealed class KeyEncryptionKeyTests
{
    [Fact]
    public void Development_generates_a_private_key_file_once_and_reuses_it()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory().FullName, "keys", "kek.key");
        var first = KeyEncryptionKey.Load(new EncryptionOptions(), file, isDevelopment: true);
        var second = KeyEncryptionKey.Load(new EncryptionOptions(), file, isDevelopment: true);
        Assert.Equal(first.Id, second.Id);
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));

        var patient = Guid.NewGuid();
        var dataKey = RandomNumberGenerator.GetBytes(32);
        Assert.Equal(dataKey, second.Unwrap(first.Wrap(dataKey, patient), patient));
        // A wrapped key only opens for the patient it belongs to.
        Assert.ThrowsAny<CryptographicException>(() => second.Unwrap(first.Wrap(dataKey, patient), Guid.NewGuid()));
    }

    [Fact]
    public void Outside_development_a_key_must_be_configured()
    {
        var missing = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString(), "kek.key");
        var error = Assert.Throws<InvalidOperationException>(() => KeyEncryptionKey.Load(new EncryptionOptions(), missing, isDevelopment: false));
        Assert.Contains("Encryption:KeyEncryptionKey", error.Message);
        Assert.False(File.Exists(missing));
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("AAAA")]
    public void A_malformed_key_is_refused_with_a_clear_reason(string configured)
    {
        var error = Assert.ThrowsAny<Exception>(() => KeyEncryptionKey.Load(new EncryptionOptions { KeyEncryptionKey = configured }, "unused", false));
        Assert.True(error is InvalidOperationException or ArgumentException);
        Assert.Contains("key", error.Message, StringComparison.OrdinalIgnoreCase);
    }
}
