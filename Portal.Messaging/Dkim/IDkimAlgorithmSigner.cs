using MimeKit;

namespace Portal.Messaging.Dkim;

/// <summary>Adds one DKIM-Signature header, on top of the header block, with one key.</summary>
internal interface IDkimAlgorithmSigner
{
    /// <summary>Signs <paramref name="message"/> over <paramref name="headers"/> (the <c>h=</c> list, oversigned names included).</summary>
    void Sign(MimeMessage message, IList<string> headers);
}
