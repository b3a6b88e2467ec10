using MimeKit.Cryptography;
using Org.BouncyCastle.Crypto;

namespace Portal.Tests.Messaging.Protection;

/// <summary>Answers DKIM key look-ups from the records the signer says to publish, instead of DNS.</summary>
public sealed class StaticDkimKeyLocator(string domain, IEnumerable<(string Selector, string Record)> records) : DkimPublicKeyLocatorBase
{
    private readonly Dictionary<string, string> _records = records.ToDictionary(r => $"{r.Selector}._domainkey.{domain}", r => r.Record, StringComparer.OrdinalIgnoreCase);

    public override AsymmetricKeyParameter LocatePublicKey(string methods, string domain, string selector, CancellationToken cancellationToken = default) =>
        _records.TryGetValue($"{selector}._domainkey.{domain}", out var record)
            ? GetPublicKey(record)
            : throw new InvalidOperationException($"No key published for {selector}._domainkey.{domain}.");

    public override Task<AsymmetricKeyParameter> LocatePublicKeyAsync(string methods, string domain, string selector, CancellationToken cancellationToken = default) =>
        Task.FromResult(LocatePublicKey(methods, domain, selector, cancellationToken));
}
