using System.Text.Json;
using MimeKit;
using MimeKit.Cryptography;
using DkimSigner = Portal.Messaging.Dkim.DkimSigner;

namespace Portal.Tests.Messaging.Protection;

/// <summary>Checks a signed message with two independent verifiers: MimeKit's and dkimpy (Debian's python3-dkim).</summary>
internal static class DkimVerifiers
{
    /// <summary>One result per DKIM-Signature header, in header order.</summary>
    public static List<bool> MimeKit(MimeMessage message, DkimSigner signer, string domain)
    {
        var verifier = new DkimVerifier(new StaticDkimKeyLocator(domain, signer.DnsRecords));
        return message.Headers.Where(h => h.Id == HeaderId.DkimSignature).Select(h => verifier.Verify(message, h)).ToList();
    }

    public static ToolResult Dkimpy(byte[] raw, DkimSigner signer, string domain)
    {
        var records = signer.DnsRecords.ToDictionary(r => $"{r.Selector}._domainkey.{domain}", r => r.Record);
        var script = Path.Combine(AppContext.BaseDirectory, "Messaging", "Protection", "dkimpy_verify.py");
        // Debian's interpreter, where python3-dkim and python3-nacl are installed.
        return ExternalTool.Run("/usr/bin/python3", [script, JsonSerializer.Serialize(records)], stdin: raw);
    }
}
