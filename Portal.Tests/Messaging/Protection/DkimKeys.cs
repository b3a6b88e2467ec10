namespace Portal.Tests.Messaging.Protection;

/// <summary>DKIM keys made by the openssl CLI, so key parsing is tested against an independent producer.</summary>
public sealed class DkimKeys : IDisposable
{
    private readonly TempDirectory _dir = new("portal-dkim-");

    public DkimKeys()
    {
        RsaPath = _dir.File("rsa.pem");
        RsaNextPath = _dir.File("rsa-next.pem");
        Ed25519Path = _dir.File("ed25519.pem");
        WeakRsaPath = _dir.File("rsa-1024.pem");
        ExternalTool.MustRun("openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", RsaPath);
        ExternalTool.MustRun("openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", RsaNextPath);
        ExternalTool.MustRun("openssl", "genpkey", "-algorithm", "ed25519", "-out", Ed25519Path);
        ExternalTool.MustRun("openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:1024", "-out", WeakRsaPath);
    }

    public string RsaPath { get; }
    public string RsaNextPath { get; }
    public string Ed25519Path { get; }
    public string WeakRsaPath { get; }

    public string Scratch(string name) => _dir.File(name);

    public void Dispose() => _dir.Dispose();
}
