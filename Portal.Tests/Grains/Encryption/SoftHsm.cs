using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;
using Portal.Grains.Encryption;

namespace Portal.Tests.Grains.Encryption;

/// <summary>
/// A real SoftHSM 2 token (Debian's softhsm2) for the tests, in a folder of its own, with a non-extractable AES-256
/// key made inside it. SoftHSM reads its configuration once per process, so every test shares one token folder.
/// </summary>
public static class SoftHsm
{
    public const string LibraryPath = "/usr/lib/softhsm/libsofthsm2.so";
    public const string Pin = "4817-2206";

    private static readonly string Folder = Directory.CreateTempSubdirectory("portal-softhsm-").FullName;
    private static readonly string Configuration = Configure();
    private static readonly Lock Gate = new();

    private static string Configure()
    {
        if (!File.Exists(LibraryPath))
            throw new InvalidOperationException($"{LibraryPath} is missing: install the Debian package 'softhsm2'.");
        var tokens = Directory.CreateDirectory(Path.Combine(Folder, "tokens")).FullName;
        var file = Path.Combine(Folder, "softhsm2.conf");
        File.WriteAllText(file, $"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\n");
        // The native library reads the process environment, which Environment.SetEnvironmentVariable does not change on Unix.
        Environment.SetEnvironmentVariable("SOFTHSM2_CONF", file);
        if (SetNativeEnvironment("SOFTHSM2_CONF", file, 1) != 0)
            throw new InvalidOperationException("Could not set SOFTHSM2_CONF for the native library.");
        return file;
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "setenv")]
    private static extern int SetNativeEnvironment(string name, string value, int overwrite);

    /// <summary>A new token holding one AES-256 key (sensitive, not extractable), as an operator would set it up.</summary>
    public static Pkcs11Options NewToken(string keyLabel = "portal-kek")
    {
        lock (Gate)
        {
            _ = Configuration; // the token folder is configured before the library first loads
            var label = $"portal-{Guid.NewGuid():N}"[..30];
            // Through the process's own (already initialised) library: it sees tokens it makes, not ones made elsewhere later.
            var library = Pkcs11KekCipher.Library(LibraryPath);
            var free = library.GetSlotList(SlotsType.WithTokenPresent).First(s => !s.GetTokenInfo().TokenFlags.TokenInitialized);
            free.InitToken("so-" + Pin, label);
            var factories = new Pkcs11InteropFactories();
            var slot = library.GetSlotList(SlotsType.WithTokenPresent).Single(s => s.GetTokenInfo().Label.Trim() == label);
            using (var so = slot.OpenSession(SessionType.ReadWrite))
            {
                so.Login(CKU.CKU_SO, "so-" + Pin);
                so.InitPin(Pin);
                so.Logout();
            }
            using var session = slot.OpenSession(SessionType.ReadWrite);
            session.Login(CKU.CKU_USER, Pin);
            var a = factories.ObjectAttributeFactory;
            session.GenerateKey(factories.MechanismFactory.Create(CKM.CKM_AES_KEY_GEN),
            [
                a.Create(CKA.CKA_CLASS, CKO.CKO_SECRET_KEY), a.Create(CKA.CKA_KEY_TYPE, CKK.CKK_AES), a.Create(CKA.CKA_VALUE_LEN, 32UL),
                a.Create(CKA.CKA_TOKEN, true), a.Create(CKA.CKA_PRIVATE, true), a.Create(CKA.CKA_SENSITIVE, true), a.Create(CKA.CKA_EXTRACTABLE, false),
                a.Create(CKA.CKA_ENCRYPT, true), a.Create(CKA.CKA_DECRYPT, true), a.Create(CKA.CKA_SIGN, true), a.Create(CKA.CKA_LABEL, keyLabel),
            ]);
            session.Logout();
            return new Pkcs11Options { LibraryPath = LibraryPath, TokenLabel = label, Pin = Pin, KeyLabel = keyLabel };
        }
    }

    /// <summary>Whether the key's value can be read off the token (it must not).</summary>
    public static bool KeyValueReadable(Pkcs11Options options)
    {
        var factories = new Pkcs11InteropFactories();
        var slot = Pkcs11KekCipher.Library(LibraryPath).GetSlotList(SlotsType.WithTokenPresent).Single(s => s.GetTokenInfo().Label.Trim() == options.TokenLabel);
        using var session = slot.OpenSession(SessionType.ReadOnly);
        try { session.Login(CKU.CKU_USER, Pin); } catch (Pkcs11Exception ex) when (ex.RV == CKR.CKR_USER_ALREADY_LOGGED_IN) { }
        var key = session.FindAllObjects([factories.ObjectAttributeFactory.Create(CKA.CKA_LABEL, options.KeyLabel)]).Single();
        var value = session.GetAttributeValue(key, [CKA.CKA_VALUE]).Single();
        return !value.CannotBeRead;
    }
}
