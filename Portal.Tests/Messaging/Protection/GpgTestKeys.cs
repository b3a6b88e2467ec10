using System.Text;

namespace Portal.Tests.Messaging.Protection;

/// <summary>
/// OpenPGP keys made by GnuPG in two throw-away homes: the clinic's (its signing key) and the
/// patient's (the recipients' secret keys, plus the clinic's public key to check signatures).
/// Odd keys (expired, revoked, sign-only, weak) come from GnuPG too, so the validator is tested
/// against what real users would paste in.
/// </summary>
public sealed class GpgTestKeys : IDisposable
{
    public const string OrgPassphrase = "clinic signing passphrase";
    public const string OrgUid = "Example Clinic <care@portal.example.org>";

    private readonly TempDirectory _org = new("portal-gpg-org-");
    private readonly TempDirectory _recipient = new("portal-gpg-rcpt-");

    public GpgTestKeys()
    {
        MustGpg(_org.Path, "--passphrase", OrgPassphrase, "--quick-gen-key", OrgUid, "future-default", "default", "never");
        OrgSecretKey = MustGpg(_org.Path, "--passphrase", OrgPassphrase, "--armor", "--export-secret-keys", "care@portal.example.org").StdOut;
        OrgPublicKey = MustGpg(_org.Path, "--armor", "--export", "care@portal.example.org").StdOut;
        OrgFingerprint = Fingerprint(_org.Path, "care@portal.example.org");

        RsaRecipientKey = Generate("Pat Example <pat@patient.example.net>", "default", "default", "never");
        CurveRecipientKey = Generate("Sam Example <sam@patient.example.net>", "future-default", "default", "never");
        SignOnlyKey = Generate("Sign Only <signonly@patient.example.net>", "ed25519", "sign", "never");
        WeakKey = Generate("Weak Key <weak@patient.example.net>", "rsa1024", "sign,cert,encr", "never");
        ExpiredKey = Generate("Old Key <old@patient.example.net>", "default", "default", "1y", "--faked-system-time", "20200101T000000!");

        Generate("Revoked Key <revoked@patient.example.net>", "future-default", "default", "never");
        var fingerprint = Fingerprint(_recipient.Path, "revoked@patient.example.net");
        // GnuPG writes a revocation certificate with a ':' guard before its armor line.
        var certificate = File.ReadAllText(Path.Combine(_recipient.Path, "openpgp-revocs.d", fingerprint + ".rev")).Replace(":-----BEGIN", "-----BEGIN");
        var revocation = _recipient.File("revoke.asc");
        File.WriteAllText(revocation, certificate);
        MustGpg(_recipient.Path, "--import", revocation);
        RevokedKey = MustGpg(_recipient.Path, "--armor", "--export", "revoked@patient.example.net").StdOut;

        var orgPublic = _recipient.File("org.asc");
        File.WriteAllText(orgPublic, OrgPublicKey);
        MustGpg(_recipient.Path, "--import", orgPublic);
    }

    public string OrgSecretKey { get; }
    public string OrgPublicKey { get; }
    public string OrgFingerprint { get; }
    public string RsaRecipientKey { get; }
    public string CurveRecipientKey { get; }
    public string SignOnlyKey { get; }
    public string WeakKey { get; }
    public string ExpiredKey { get; }
    public string RevokedKey { get; }

    public string Scratch(string name) => _recipient.File(name);

    /// <summary>gpg in the patient's home: holds the recipients' secret keys and trusts nothing else.</summary>
    public ToolResult RecipientGpg(params string[] arguments) => Gpg(_recipient.Path, arguments);

    /// <summary>gpg in the clinic's home, which has no recipient secret key.</summary>
    public ToolResult OrgGpg(params string[] arguments) => Gpg(_org.Path, arguments);

    private string Generate(string uid, string algorithm, string usage, string expiry, params string[] extra)
    {
        MustGpg(_recipient.Path, [.. extra, "--passphrase", "", "--quick-gen-key", uid, algorithm, usage, expiry]);
        var email = uid[(uid.IndexOf('<') + 1)..uid.IndexOf('>')];
        return MustGpg(_recipient.Path, "--armor", "--export", email).StdOut;
    }

    private static string Fingerprint(string home, string email) =>
        MustGpg(home, "--with-colons", "--fingerprint", email).StdOut
            .Split('\n').First(l => l.StartsWith("fpr:", StringComparison.Ordinal)).Split(':')[9];

    private static ToolResult Gpg(string home, params string[] arguments) =>
        ExternalTool.Run("gpg", ["--batch", "--no-tty", "--pinentry-mode", "loopback", .. arguments],
            environment: new Dictionary<string, string> { ["GNUPGHOME"] = home, ["LC_ALL"] = "C" }, timeout: TimeSpan.FromSeconds(120));

    private static ToolResult MustGpg(string home, params string[] arguments)
    {
        var result = Gpg(home, arguments);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"gpg {string.Join(' ', arguments)} failed: {result}");
        return result;
    }

    public void Dispose()
    {
        foreach (var home in new[] { _org, _recipient })
        {
            // Stop the agent this home started, by its home directory, before removing it.
            ExternalTool.Run("gpgconf", ["--kill", "gpg-agent"], environment: new Dictionary<string, string> { ["GNUPGHOME"] = home.Path });
            home.Dispose();
        }
    }
}
