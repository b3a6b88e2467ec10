using System.Diagnostics;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Messaging.Policy;
using Portal.Tests.Grains.Delivery;
using Portal.Tests.Infrastructure;
using Portal.Data;

namespace Portal.Tests.Web;

/// <summary>With the patient's certificate on file, a sensitive message goes out S/MIME-encrypted, and OpenSSL can read it.</summary>
[Collection(PortalCollection.Name)]
public sealed class SmimeDeliveryTests(PortalFactory portal)
{
    private static readonly Dictionary<string, string> Certificate = new() { ["kind"] = "SmimeCertificate" };

    [Fact]
    public async Task A_phi_message_to_a_patient_with_a_certificate_is_encrypted_to_it_and_openssl_decrypts_it()
    {
        var staff = await portal.CreateStaffAsync();
        var patient = await portal.CreatePatientAsync(careTeam: staff.Id);
        using var certificate = TestCertificates.Create(patient.Email, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        using var client = portal.NewClient();
        await client.SignInAsync(staff);

        var upload = await client.PostFileAsync($"/staff/patients/{patient.Id}?handler=UploadKey", "file", "patient.pem",
            Encoding.ASCII.GetBytes(certificate.ExportCertificatePem()), $"/staff/patients/{patient.Id}", Certificate);
        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        Assert.Contains("Added: sensitive messages will now be encrypted", await upload.Content.ReadAsStringAsync());

        // The certificate (its subject is the patient's address) is stored only encrypted under the patient's key.
        await using (var raw = await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            var row = await raw.RecipientKeys.AsNoTracking().SingleAsync(k => k.PatientId == patient.Id);
            Assert.True(row.Sealed);
            Assert.True(row.Material.AsSpan().IndexOf(certificate.RawData.AsSpan()[..64]) < 0);
            Assert.True(row.Material.AsSpan().IndexOf(Encoding.ASCII.GetBytes(patient.Email)) < 0);
        }

        const string body = "Your biopsy shows no malignancy. Continue the current plan.";
        await client.PostFormAsync($"/staff/patients/{patient.Id}/compose", new Dictionary<string, string> { ["Subject"] = "Biopsy result", ["Body"] = body });

        var mail = await portal.Smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == patient.Email));
        Assert.Equal("application/pkcs7-mime", mail.Body!.ContentType.MimeType);
        Assert.DoesNotContain("malignancy", mail.ToString());
        Assert.DoesNotContain("Biopsy", mail.ToString()); // not even in the subject, which travels in clear

        // Another program, holding only the patient's key, reads it.
        var (exit, output, error) = await OpensslDecryptAsync(mail, certificate);
        Assert.True(exit == 0, error);
        Assert.Contains("no malignancy", output.Replace("=\r\n", "").Replace("=\n", ""));
        Assert.Contains("Subject: Biopsy result", output);

        // Staff see the method and the evidence, once sending has recorded it.
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var stored = await db.SecureMessages.SingleAsync(m => m.PatientId == patient.Id);
        Assert.Equal(DeliveryMethod.Smime, stored.DeliveryMethod);
        await DeliveryDb.EventuallyAsync(async () => await portal.OutcomeMethodAsync(stored.Id) is not null, what: "the outcome");
        var fingerprint = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(certificate.RawData));
        Assert.Contains(fingerprint, (await portal.SentAsAsync(stored.Id)).Evidence);
        var page = await client.GetPageAsync($"/staff/patients/{patient.Id}");
        Assert.Contains("S/MIME", page);
        Assert.Contains(fingerprint, page);
    }

    [Fact]
    public async Task Attachments_and_formatted_text_travel_inside_the_smime_envelope_and_openssl_returns_the_same_bytes()
    {
        var staff = await portal.CreateStaffAsync();
        var patient = await portal.CreatePatientAsync(careTeam: staff.Id);
        using var certificate = TestCertificates.Create(patient.Email, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        using var client = portal.NewClient();
        await client.SignInAsync(staff);
        await client.PostFileAsync($"/staff/patients/{patient.Id}?handler=UploadKey", "file", "patient.pem",
            Encoding.ASCII.GetBytes(certificate.ExportCertificatePem()), $"/staff/patients/{patient.Id}", Certificate);
        var pdf = TestFiles.Pdf("Discharge summary");
        var png = TestFiles.Png();
        var sent = await client.PostFilesAsync($"/staff/patients/{patient.Id}/compose",
            new Dictionary<string, string> { ["Subject"] = "Discharge papers", ["Body"] = "<p>Your <strong>discharge summary</strong> is attached.</p><script>x()</script>", ["Format"] = "Html", ["Sensitivity"] = "Phi" },
            [("Attachments", "discharge-summary.pdf", "application/pdf", pdf), ("Attachments", "wound.png", "image/png", png)]);
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);

        var mail = await portal.Smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == patient.Email));
        Assert.Equal("application/pkcs7-mime", mail.Body!.ContentType.MimeType);
        Assert.DoesNotContain("discharge", mail.ToString(), StringComparison.OrdinalIgnoreCase);

        var (exit, output, error) = await OpensslDecryptAsync(mail, certificate);
        Assert.True(exit == 0, error);

        var inner = MimeKit.MimeEntity.Load(new MemoryStream(Encoding.UTF8.GetBytes(output)));
        var parts = MimeParts(inner).ToList();
        Assert.Equal(pdf, Decode(parts.Single(p => p.FileName == "discharge-summary.pdf")));
        Assert.Equal(png, Decode(parts.Single(p => p.FileName == "wound.png")));
        var html = parts.OfType<MimeKit.TextPart>().Single(p => p.IsHtml).Text;
        Assert.Contains("<strong>discharge summary</strong>", html);
        Assert.DoesNotContain("<script", html);
        var plain = parts.OfType<MimeKit.TextPart>().Single(p => p.IsPlain && !p.IsAttachment).Text;
        Assert.Contains("Your discharge summary is attached.", plain);
    }

    /// <summary>`openssl cms -decrypt` with the patient's key, from files removed afterwards.</summary>
    private static async Task<(int Exit, string Output, string Error)> OpensslDecryptAsync(MimeKit.MimeMessage mail, X509Certificate2 certificate)
    {
        using var directory = new Messaging.Protection.TempDirectory("smime-");
        await mail.WriteToAsync(directory.File("mail.eml"));
        await File.WriteAllTextAsync(directory.File("cert.pem"), certificate.ExportCertificatePem());
        await File.WriteAllTextAsync(directory.File("key.pem"), certificate.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem());
        return await RunAsync("openssl", $"cms -decrypt -in {directory.File("mail.eml")} -recip {directory.File("cert.pem")} -inkey {directory.File("key.pem")}");
    }

    internal static IEnumerable<MimeKit.MimePart> MimeParts(MimeKit.MimeEntity entity) => entity switch
    {
        MimeKit.Multipart multipart => multipart.SelectMany(MimeParts),
        MimeKit.MessagePart message => message.Message?.Body is { } body ? MimeParts(body) : [],
        MimeKit.MimePart part => [part],
        _ => [],
    };

    internal static byte[] Decode(MimeKit.MimePart part)
    {
        using var bytes = new MemoryStream();
        part.Content!.DecodeTo(bytes);
        return bytes.ToArray();
    }

    [Fact]
    public async Task Restricted_content_stays_in_the_portal_even_with_a_certificate()
    {
        var staff = await portal.CreateStaffAsync();
        var patient = await portal.CreatePatientAsync(careTeam: staff.Id);
        using var certificate = TestCertificates.Create(patient.Email, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        using var client = portal.NewClient();
        await client.SignInAsync(staff);
        await client.PostFileAsync($"/staff/patients/{patient.Id}?handler=UploadKey", "file", "patient.pem",
            Encoding.ASCII.GetBytes(certificate.ExportCertificatePem()), $"/staff/patients/{patient.Id}", Certificate);
        await client.PostFormAsync($"/staff/patients/{patient.Id}/compose", new Dictionary<string, string> { ["Subject"] = "Your test", ["Body"] = "Your HIV test is negative." });

        var mail = await portal.Smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == patient.Email));
        Assert.Equal("You have a new secure message", mail.Subject);
        Assert.DoesNotContain("HIV", mail.ToString());
    }

    [Theory]
    [InlineData("expired")]
    [InlineData("someone-else")]
    [InlineData("garbage")]
    public async Task Unusable_certificates_are_refused_with_a_reason(string kind)
    {
        var staff = await portal.CreateStaffAsync();
        var patient = await portal.CreatePatientAsync(careTeam: staff.Id);
        byte[] content = kind switch
        {
            "expired" => Encoding.ASCII.GetBytes(TestCertificates.Create(patient.Email, DateTimeOffset.UtcNow.AddYears(-2), DateTimeOffset.UtcNow.AddDays(-1)).ExportCertificatePem()),
            "someone-else" => Encoding.ASCII.GetBytes(TestCertificates.Create("other@example.test", DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1)).ExportCertificatePem()),
            _ => Encoding.ASCII.GetBytes("-----BEGIN CERTIFICATE-----\nnot a certificate\n-----END CERTIFICATE-----\n"),
        };
        using var client = portal.NewClient();
        await client.SignInAsync(staff);
        var upload = await client.PostFileAsync($"/staff/patients/{patient.Id}?handler=UploadKey", "file", "patient.pem", content, $"/staff/patients/{patient.Id}", Certificate);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, upload.StatusCode);
        var html = await upload.Content.ReadAsStringAsync();
        Assert.Matches("<p class=\"error\" role=\"alert\">[^<]{10,}</p>", html);
        Assert.DoesNotContain(patient.Email, System.Text.RegularExpressions.Regex.Match(html, "<p class=\"error\"[^>]*>[^<]*</p>").Value);
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.False(await db.RecipientKeys.AnyAsync(c => c.PatientId == patient.Id));
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return (process.ExitCode, await output, await error);
    }
}

[Collection(PortalCollection.Name)]
public sealed class PatientEmailKeyTests(PortalFactory portal)
{
    [Fact]
    public async Task A_patient_adds_their_own_certificate_and_the_next_sensitive_message_is_encrypted_to_it()
    {
        var patient = await portal.CreatePatientAsync();
        using var certificate = TestCertificates.Create(patient.Email, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        using var client = portal.NewClient();
        await client.SignInAsync(patient);
        var added = await client.PostFileAsync("/account/security?handler=UploadEmailKey", "file", "me.pem", Encoding.ASCII.GetBytes(certificate.ExportCertificatePem()),
            "/account/security", new Dictionary<string, string> { ["kind"] = "SmimeCertificate" });
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        Assert.Contains("emailed to you encrypted", await added.Content.ReadAsStringAsync());

        await portal.Services.GetRequiredService<Orleans.IGrainFactory>().GetGrain<Portal.Grains.Patients.IPatientGrain>(patient.Id)
            .SendSecureMessageAsync(new Portal.Grains.Patients.NewSecureMessage("Results", "Your ferritin is low; start iron tablets."), await portal.TeamStaffActorAsync());
        var mail = await portal.Smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == patient.Email));
        Assert.Equal("application/pkcs7-mime", mail.Body!.ContentType.MimeType);
    }
}
