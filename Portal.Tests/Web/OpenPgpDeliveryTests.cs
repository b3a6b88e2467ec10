using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Grains.Identity;
using Portal.Messaging.Policy;
using Portal.Tests.Grains.Delivery;
using Portal.Tests.Infrastructure;
using Portal.Tests.Messaging.Protection;
using Portal.Data;

namespace Portal.Tests.Web;

/// <summary>With the patient's OpenPGP key on file, a sensitive message goes out as PGP/MIME that GnuPG decrypts and verifies.</summary>
[Collection(GpgCollection.Name)]
public sealed class OpenPgpDeliveryTests(GpgTestKeys keys) : IAsyncLifetime
{
    // The GnuPG fixture's recipient key is for this address, so the patient account uses it.
    private const string PatientEmail = "pat@patient.example.net";
    private PortalFactory _portal = null!;

    public async Task InitializeAsync()
    {
        var keyFile = keys.Scratch($"org-{Guid.NewGuid():N}.asc");
        await File.WriteAllTextAsync(keyFile, keys.OrgSecretKey);
        _portal = PortalFactory.With(new Dictionary<string, string?>
        {
            ["OpenPgp:SecretKeyPath"] = keyFile,
            ["OpenPgp:Passphrase"] = GpgTestKeys.OrgPassphrase,
            ["Notifications:FromAddress"] = "care@portal.example.org",
        });
        await ((IAsyncLifetime)_portal).InitializeAsync();
    }

    public Task DisposeAsync() => ((IAsyncLifetime)_portal).DisposeAsync();

    [Fact]
    public async Task A_phi_message_is_encrypted_to_the_patients_key_and_gnupg_decrypts_and_verifies_it()
    {
        var staff = await _portal.CreateStaffAsync();
        await using (var scope = _portal.Services.CreateAsyncScope())
        {
            var provisioning = scope.ServiceProvider.GetRequiredService<Portal.Web.Infrastructure.AccountProvisioning>();
            var account = await provisioning.CreateAsync(PatientEmail, "Pat Example", PortalRoles.Patient, "a long enough passphrase here", enrolTotp: true);
            await provisioning.AddToCareTeamAsync(staff.Id, account.Id);
        }
        await using var db = await _portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var patientId = (await _portal.AccountByEmailAsync(PatientEmail))!.Id;

        using var client = _portal.NewClient();
        await client.SignInAsync(staff);
        var weak = await client.PostFileAsync($"/staff/patients/{patientId}?handler=UploadKey", "file", "weak.asc", Encoding.ASCII.GetBytes(keys.WeakKey),
            $"/staff/patients/{patientId}", new Dictionary<string, string> { ["kind"] = "OpenPgpKey" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, weak.StatusCode);
        var upload = await client.PostFileAsync($"/staff/patients/{patientId}?handler=UploadKey", "file", "pat.asc", Encoding.ASCII.GetBytes(keys.RsaRecipientKey),
            $"/staff/patients/{patientId}", new Dictionary<string, string> { ["kind"] = "OpenPgpKey" });
        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);

        const string body = "Your thyroid panel is normal; keep the same levothyroxine dose.";
        await client.PostFormAsync($"/staff/patients/{patientId}/compose", new Dictionary<string, string> { ["Subject"] = "Thyroid result", ["Body"] = body });
        var mail = await _portal.Smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == PatientEmail));
        Assert.Equal("multipart/encrypted", mail.Body!.ContentType.MimeType);
        Assert.DoesNotContain("thyroid", mail.ToString(), StringComparison.OrdinalIgnoreCase);

        // PGP/MIME: the second part of multipart/encrypted holds the OpenPGP message.
        var encrypted = keys.Scratch($"mail-{Guid.NewGuid():N}.asc");
        await using (var file = File.Create(encrypted))
            await ((MimeKit.MimePart)((MimeKit.Multipart)mail.Body)[1]).Content!.DecodeToAsync(file);
        var decrypted = keys.RecipientGpg("--status-fd", "2", "--decrypt", encrypted);
        Assert.True(decrypted.ExitCode == 0, decrypted.ToString());
        Assert.Contains("GOODSIG", decrypted.StdErr);
        Assert.Contains("levothyroxine", decrypted.StdOut);

        var stored = await db.SecureMessages.AsNoTracking().SingleAsync(m => m.PatientId == patientId);
        Assert.Equal(DeliveryMethod.OpenPgp, stored.DeliveryMethod);
        await DeliveryDb.EventuallyAsync(async () => await _portal.OutcomeMethodAsync(stored.Id) is not null, what: "the outcome");
        Assert.StartsWith("OpenPGP", (await _portal.SentAsAsync(stored.Id)).Evidence);
    }

    [Fact]
    public async Task Attachments_travel_inside_the_pgp_mime_envelope_and_gnupg_returns_the_same_bytes()
    {
        var staff = await _portal.CreateStaffAsync();
        Guid patientId;
        await using (var scope = _portal.Services.CreateAsyncScope())
        {
            var provisioning = scope.ServiceProvider.GetRequiredService<Portal.Web.Infrastructure.AccountProvisioning>();
            var account = await provisioning.CreateAsync(PatientEmail, "Pat Example", PortalRoles.Patient, "a long enough passphrase here", enrolTotp: true);
            await provisioning.AddToCareTeamAsync(staff.Id, account.Id);
            patientId = account.Id;
        }
        using var client = _portal.NewClient();
        await client.SignInAsync(staff);
        var upload = await client.PostFileAsync($"/staff/patients/{patientId}?handler=UploadKey", "file", "pat.asc", Encoding.ASCII.GetBytes(keys.RsaRecipientKey),
            $"/staff/patients/{patientId}", new Dictionary<string, string> { ["kind"] = "OpenPgpKey" });
        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);

        var pdf = TestFiles.Pdf("Thyroid ultrasound report");
        var png = TestFiles.Png();
        var sent = await client.PostFilesAsync($"/staff/patients/{patientId}/compose",
            new Dictionary<string, string> { ["Subject"] = "Ultrasound report", ["Body"] = "<p>The <em>ultrasound report</em> is attached.</p>", ["Format"] = "Html", ["Sensitivity"] = "Phi" },
            [("Attachments", "ultrasound.pdf", "application/pdf", pdf), ("Attachments", "image.png", "image/png", png)]);
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var mail = await _portal.Smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == PatientEmail));
        Assert.Equal("multipart/encrypted", mail.Body!.ContentType.MimeType);
        Assert.DoesNotContain("ultrasound", mail.ToString(), StringComparison.OrdinalIgnoreCase);

        var encrypted = keys.Scratch($"mail-{Guid.NewGuid():N}.asc");
        await using (var file = File.Create(encrypted))
            await ((MimeKit.MimePart)((MimeKit.Multipart)mail.Body)[1]).Content!.DecodeToAsync(file);
        var decrypted = keys.RecipientGpg("--status-fd", "2", "--decrypt", encrypted);
        Assert.True(decrypted.ExitCode == 0, decrypted.ToString());
        Assert.Contains("GOODSIG", decrypted.StdErr);

        var parts = SmimeDeliveryTests.MimeParts(MimeKit.MimeEntity.Load(new MemoryStream(decrypted.StdOutBytes))).ToList();
        Assert.Equal(pdf, SmimeDeliveryTests.Decode(parts.Single(p => p.FileName == "ultrasound.pdf")));
        Assert.Equal(png, SmimeDeliveryTests.Decode(parts.Single(p => p.FileName == "image.png")));
        Assert.Contains("<em>ultrasound report</em>", parts.OfType<MimeKit.TextPart>().Single(p => p.IsHtml).Text);
    }
}
