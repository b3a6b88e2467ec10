using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.Extensions.Options;
using MimeKit;
using Portal.Messaging.Dkim;
using Portal.Messaging.Protection;

// Crypto throughput of the mail path on this machine, per core: DKIM signing and S/MIME
// sign+encrypt+DKIM of personalised 4-18 KB messages. The baseline, `openssl speed rsa2048`,
// is measured by bench/crypto.sh in the same run; this program prints the product's figures.
var count = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 2000;
var directory = Directory.CreateTempSubdirectory("portal-bench-").FullName;

using var dkimKey = RSA.Create(2048);
var keyPath = Path.Combine(directory, "dkim.pem");
File.WriteAllText(keyPath, dkimKey.ExportPkcs8PrivateKeyPem());
using var dkim = new DkimSigner(Options.Create(new DkimOptions { Domain = "portal.example.org", Selector = "bench", PrivateKeyPath = keyPath }));

using var organisation = Certificate("care@portal.example.org");
using var recipientCertificate = Certificate("patient@example.net");
var smime = new SmimeProtector(organisation);

var random = new Random(42);
MimeMessage Personalised(int i)
{
    // 4-18 KB bodies, different per patient, as a campaign's personalised messages would be.
    var size = 4096 + random.Next(14 * 1024);
    var body = new StringBuilder($"Dear patient {i},\n\n");
    while (body.Length < size) body.Append("Your care team has updated your care plan; please review it in the portal. ");
    var message = new MimeMessage { Subject = $"Update for you #{i}", MessageId = $"{i}@bench.portal.example.org" };
    message.From.Add(new MailboxAddress("Clinic", "care@portal.example.org"));
    message.To.Add(new MailboxAddress("Patient", "patient@example.net"));
    message.Body = new TextPart("plain") { Text = body.ToString() };
    return message;
}

double Rate(Action<MimeMessage> work, int messages)
{
    var batch = Enumerable.Range(0, messages).Select(Personalised).ToList();
    var watch = Stopwatch.StartNew();
    foreach (var message in batch) work(message);
    return messages / watch.Elapsed.TotalSeconds;
}

Rate(m => dkim.Sign(m), 50); // warm up
var dkimRate = Rate(m => dkim.Sign(m), count);
var smimeRate = Rate(m => dkim.Sign(smime.SignAndEncrypt(m, recipientCertificate)), count / 4);
Console.WriteLine($"dkim_rsa2048_per_s={dkimRate:F0} smime_sign_encrypt_dkim_per_s={smimeRate:F0}");
Directory.Delete(directory, recursive: true);

static X509Certificate2 Certificate(string email)
{
    using var key = RSA.Create(2048);
    var request = new CertificateRequest($"CN={email}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
    request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.4")], false));
    var names = new SubjectAlternativeNameBuilder();
    names.AddEmailAddress(email);
    request.CertificateExtensions.Add(names.Build());
    return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
}
