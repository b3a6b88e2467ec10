using MimeKit;

namespace Portal.Messaging.Dkim;

/// <summary>
/// The organisation's DKIM signers, one per signing domain (care mail's and the marketing pool's own). Each message
/// is signed by the signer its From domain aligns with (DMARC relaxed alignment: the same domain or a subdomain of
/// it), the most specific first; a message no signer aligns with is signed by the first, as before.
/// </summary>
public sealed class DkimSigners
{
    private readonly IReadOnlyList<DkimSigner> _signers;

    /// <param name="signers">The default signer first; none when DKIM is not configured.</param>
    public DkimSigners(IReadOnlyList<DkimSigner> signers) => _signers = signers;

    /// <summary>The signer for <paramref name="message"/>'s From domain, or null when there is none at all.</summary>
    public DkimSigner? For(MimeMessage message)
    {
        if (_signers.Count == 0) return null;
        var from = message.From.Mailboxes.FirstOrDefault()?.Domain?.TrimEnd('.').ToLowerInvariant();
        if (from is null) return _signers[0];
        return _signers.Where(s => from == s.Domain || from.EndsWith("." + s.Domain, StringComparison.Ordinal))
            .OrderByDescending(s => s.Domain.Length).FirstOrDefault() ?? _signers[0];
    }

    /// <summary>Signs <paramref name="message"/> in place with the aligned signer (see <see cref="DkimSigner.Sign"/>); nothing without signers.</summary>
    public void Sign(MimeMessage message) => For(message)?.Sign(message);
}
