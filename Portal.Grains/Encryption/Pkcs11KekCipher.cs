using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace Portal.Grains.Encryption;

/// <summary>
/// A KEK that never leaves a PKCS#11 hardware security module (tested with SoftHSM 2): the HSM encrypts and decrypts
/// with AES-256-GCM (CKM_AES_GCM) and derives with AES-CMAC (CKM_AES_CMAC, then HKDF-SHA256 here), so this process
/// never holds the key. Ciphertexts have the same layout as a KEK held in memory. One logged-in session, used by one
/// caller at a time (PKCS#11 sessions are not thread-safe).
/// </summary>
public sealed class Pkcs11KekCipher : IKekCipher, IDisposable
{
    private readonly Pkcs11InteropFactories _factories = new();
    private readonly ISession _session;
    private readonly IObjectHandle _key;
    private readonly Lock _gate = new();

    public Pkcs11KekCipher(Pkcs11Options options)
    {
        if (string.IsNullOrWhiteSpace(options.TokenLabel) || string.IsNullOrEmpty(options.Pin))
            throw new InvalidOperationException("Encryption:Pkcs11 needs TokenLabel and Pin besides LibraryPath.");
        var library = Library(options.LibraryPath!);
        var slot = library.GetSlotList(SlotsType.WithTokenPresent).FirstOrDefault(s => s.GetTokenInfo().Label.Trim() == options.TokenLabel)
            ?? throw new InvalidOperationException($"No PKCS#11 token labelled '{options.TokenLabel}'.");
        var serial = slot.GetTokenInfo().SerialNumber.Trim();
        _session = slot.OpenSession(SessionType.ReadOnly);
        try
        {
            _session.Login(CKU.CKU_USER, options.Pin);
        }
        catch (Pkcs11Exception ex) when (ex.RV == CKR.CKR_USER_ALREADY_LOGGED_IN)
        {
            // Another session of this process logged in to the token already; the login is the token's, not the session's.
        }
        var keys = _session.FindAllObjects([
            _factories.ObjectAttributeFactory.Create(CKA.CKA_CLASS, CKO.CKO_SECRET_KEY),
            _factories.ObjectAttributeFactory.Create(CKA.CKA_LABEL, options.KeyLabel)]);
        _key = keys.Count == 1 ? keys[0] : throw new InvalidOperationException($"Expected one secret key labelled '{options.KeyLabel}' on the token, found {keys.Count}.");
        Id = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"portal-kek-id-pkcs11:{serial}:{options.KeyLabel}")))[..16];
    }

    // A PKCS#11 library is initialised once per process (a second C_Initialize is refused), so it is shared and kept.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<IPkcs11Library>> Libraries = new();

    static Pkcs11KekCipher()
    {
        // Pkcs11Interop loads libraries through libdl by its unversioned name, which only glibc's development package
        // provides; since glibc 2.34 its functions live in libc, reachable as libdl.so.2 on every system.
        NativeLibrary.SetDllImportResolver(typeof(Pkcs11InteropFactories).Assembly, (name, assembly, searchPath) =>
            name == "libdl" && OperatingSystem.IsLinux() && NativeLibrary.TryLoad("libdl.so.2", out var handle) ? handle : IntPtr.Zero);
    }

    internal static IPkcs11Library Library(string path) => Libraries.GetOrAdd(path, p => new Lazy<IPkcs11Library>(() =>
    {
        var factories = new Pkcs11InteropFactories();
        return factories.Pkcs11LibraryFactory.LoadPkcs11Library(factories, p, AppType.MultiThreaded);
    })).Value;

    public string Id { get; }

    public byte[] Encrypt(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        var nonce = RandomNumberGenerator.GetBytes(PhiCipher.NonceSize);
        byte[] sealedBytes; // ciphertext || tag, as PKCS#11 returns it
        using (var parameters = _factories.MechanismParamsFactory.CreateCkGcmParams(nonce, PhiCipher.NonceSize * 8, associatedData.ToArray(), PhiCipher.TagSize * 8))
        {
            var mechanism = _factories.MechanismFactory.Create(CKM.CKM_AES_GCM, parameters);
            lock (_gate) sealedBytes = _session.Encrypt(mechanism, _key, plaintext.ToArray());
        }
        var length = sealedBytes.Length - PhiCipher.TagSize;
        var output = new byte[PhiCipher.HeaderSize + length];
        output[0] = PhiCipher.Version;
        nonce.CopyTo(output, 1);
        sealedBytes.AsSpan(length).CopyTo(output.AsSpan(1 + PhiCipher.NonceSize));
        sealedBytes.AsSpan(0, length).CopyTo(output.AsSpan(PhiCipher.HeaderSize));
        return output;
    }

    public byte[] Decrypt(ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> associatedData)
    {
        if (ciphertext.Length < PhiCipher.HeaderSize || ciphertext[0] != PhiCipher.Version)
            throw new CryptographicException("Unsupported or truncated ciphertext.");
        var sealedBytes = new byte[ciphertext.Length - 1 - PhiCipher.NonceSize];
        ciphertext[PhiCipher.HeaderSize..].CopyTo(sealedBytes);
        ciphertext.Slice(1 + PhiCipher.NonceSize, PhiCipher.TagSize).CopyTo(sealedBytes.AsSpan(sealedBytes.Length - PhiCipher.TagSize));
        try
        {
            using var parameters = _factories.MechanismParamsFactory.CreateCkGcmParams(ciphertext.Slice(1, PhiCipher.NonceSize).ToArray(),
                PhiCipher.NonceSize * 8, associatedData.ToArray(), PhiCipher.TagSize * 8);
            var mechanism = _factories.MechanismFactory.Create(CKM.CKM_AES_GCM, parameters);
            lock (_gate) return _session.Decrypt(mechanism, _key, sealedBytes);
        }
        catch (Pkcs11Exception ex)
        {
            // The HSM says only that it would not decrypt (wrong key, context or data), as AES-GCM here would.
            throw new CryptographicException($"The HSM refused to decrypt ({ex.RV}).", ex);
        }
    }

    public byte[] Derive(ReadOnlySpan<byte> info, int length)
    {
        byte[] mac;
        var mechanism = _factories.MechanismFactory.Create(CKM.CKM_AES_CMAC);
        lock (_gate) mac = _session.Sign(mechanism, _key, info.ToArray());
        return HKDF.DeriveKey(HashAlgorithmName.SHA256, mac, length, info: info.ToArray());
    }

    public void Dispose()
    {
        lock (_gate) _session.Dispose();
    }
}
