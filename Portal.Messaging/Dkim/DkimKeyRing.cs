using System.Security.Cryptography;

namespace Portal.Messaging.Dkim;

/// <summary>
/// The loaded keys of every configured selector, and which of them signs at a given instant.
/// Keys are loaded once: importing PEM costs more than signing.
/// </summary>
internal sealed class DkimKeyRing : IDisposable
{
    private readonly List<Entry> _entries = [];

    public DkimKeyRing(DkimOptions options, TimeProvider clock)
    {
        var domain = options.Domain ?? throw new InvalidOperationException("Dkim:Domain is not set.");
        try
        {
            foreach (var key in options.AllKeys())
            {
                var pem = DkimKeyLoader.ReadPem(key);
                if (key.Algorithm == DkimKeyAlgorithm.RsaSha256)
                {
                    var rsa = DkimKeyLoader.LoadRsa(key.Selector, pem);
                    var record = "v=DKIM1; k=rsa; p=" + Convert.ToBase64String(rsa.ExportSubjectPublicKeyInfo());
                    _entries.Add(new Entry(key, new RsaSha256DkimSigner(rsa, domain, key.Selector, clock, options.SignatureLifetime), record, rsa));
                }
                else
                {
                    var ed = DkimKeyLoader.LoadEd25519(key.Selector, pem);
                    // RFC 8463 publishes the bare 32-byte public key, not a SubjectPublicKeyInfo.
                    var record = "v=DKIM1; k=ed25519; p=" + Convert.ToBase64String(ed.GeneratePublicKey().GetEncoded());
                    _entries.Add(new Entry(key, new BouncyCastleEd25519DkimSigner(ed, domain, key.Selector, clock) { SignaturesExpireAfter = options.SignatureLifetime }, record, null));
                }
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The DNS TXT record each selector must publish.</summary>
    public IEnumerable<(string Selector, string Record)> Records => _entries.Select(e => (e.Options.Selector, e.Record));

    /// <summary>For each algorithm, the key whose <c>ActiveFrom</c> is the latest one already reached.</summary>
    public IEnumerable<IDkimAlgorithmSigner> ActiveAt(DateTimeOffset now) =>
        _entries
            .Where(e => e.Options.ActiveFrom is null || e.Options.ActiveFrom <= now)
            .GroupBy(e => e.Options.Algorithm)
            .OrderBy(g => g.Key)
            .Select(g => g.MaxBy(e => e.Options.ActiveFrom ?? DateTimeOffset.MinValue)!.Signer);

    public void Dispose()
    {
        foreach (var entry in _entries)
            entry.Rsa?.Dispose();
    }

    private sealed record Entry(DkimKeyOptions Options, IDkimAlgorithmSigner Signer, string Record, RSA? Rsa);
}
