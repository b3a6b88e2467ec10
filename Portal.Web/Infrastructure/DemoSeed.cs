using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Portal.Grains.Identity;
using Portal.Data.Identity;

namespace Portal.Web.Infrastructure;

/// <summary>
/// <c>--seed-demo</c> (Development only): creates one admin, one staff member, one marketer and two patients and
/// prints their credentials once, to the console only (never to the log files or the database in clear).
/// </summary>
public static class DemoSeed
{
    public const string Flag = "--seed-demo";

    public static async Task RunAsync(IServiceProvider services, TextWriter console)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var provisioning = scope.ServiceProvider.GetRequiredService<AccountProvisioning>();

        (string Email, string Name, string Role)[] accounts =
        [
            ("admin@portal.localhost", "Ada Admin", PortalRoles.Admin),
            ("staff@portal.localhost", "Dr. Sam Staff", PortalRoles.Staff),
            ("marketer@portal.localhost", "Mia Marketer", PortalRoles.Marketer),
            ("patient1@portal.localhost", "Pat One", PortalRoles.Patient),
            ("patient2@portal.localhost", "Pat Two", PortalRoles.Patient),
        ];

        if (await users.FindByEmailAsync(accounts[0].Email) is not null)
        {
            console.WriteLine("Demo accounts already exist; their credentials were printed when they were created.");
            return;
        }

        console.WriteLine();
        console.WriteLine("Demo accounts (shown once). Codes: oathtool --totp -b <TOTP secret>");
        console.WriteLine($"  {"role",-8} {"user name",-28} {"password",-22} TOTP secret");
        var created = new List<(string Role, ProvisionedAccount Account)>();
        foreach (var (email, name, role) in accounts)
        {
            var account = await provisioning.CreateAsync(email, name, role, NewPassword(), enrolTotp: true);
            created.Add((role, account));
            console.WriteLine($"  {role,-8} {account.Email,-28} {account.Password,-22} {account.TotpSecret}");
        }
        // The staff member cares for both demo patients.
        var staff = created.Single(c => c.Role == PortalRoles.Staff).Account.Id;
        foreach (var (_, patient) in created.Where(c => c.Role == PortalRoles.Patient))
            await provisioning.AddToCareTeamAsync(staff, patient.Id);
        await SeedIntakeAsync(services, staff, created.Last(c => c.Role == PortalRoles.Patient).Account.Id, console);
        await SeedAudienceAsync(services, provisioning, staff, console);
        await SeedCampaignAsync(services, created.Single(c => c.Role == PortalRoles.Marketer).Account.Id, console);
        console.WriteLine();
    }

    public const int SyntheticPatientCount = 2000;

    /// <summary>Made-up patients (never real data) with profiles, diagnoses and appointments, on the staff member's
    /// care team, so segments show real counts at once.</summary>
    private static async Task SeedAudienceAsync(IServiceProvider services, AccountProvisioning provisioning, Guid staffId, TextWriter console)
    {
        var staff = new Portal.Grains.Audit.AuditActor(staffId, PortalRoles.Staff, null);
        var grains = services.GetRequiredService<IGrainFactory>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var population = new Portal.Grains.Audience.SyntheticPatients(seed: 2026);
        for (var i = 0; i < SyntheticPatientCount; i++)
        {
            var person = population.Next(now);
            // Reserved example addresses (RFC 2606), so a demo campaign has someone to write to; development mail stays in the capture folder.
            var id = await provisioning.CreatePatientRecordAsync(person.FullName, $"demo-patient-{i + 1:D4}@patients.example", staff);
            await provisioning.AddToCareTeamAsync(staffId, id);
            var profile = grains.GetGrain<Portal.Grains.Audience.IPatientProfileGrain>(id);
            await profile.UpdateProfileAsync(null, new Portal.Grains.Audience.ProfileDetails
            {
                DateOfBirth = new DateOnly(person.BirthYear, 1 + i % 12, 1 + i % 28), Sex = person.Sex, Language = person.Language,
                PostalCode = $"{person.PostalPrefix}{i % 100:D2}", Tags = person.Tags, RecordNumber = $"DEMO-{i + 1:D5}",
                LastVisit = person.LastVisitUtc is { } visit ? DateOnly.FromDateTime(visit) : null,
            }, staff);
            foreach (var code in person.Codes)
                await profile.AddDiagnosisAsync(new Portal.Grains.Audience.NewDiagnosis(Portal.Data.Audience.CodeSystem.Icd10Cm, code), staff);
            foreach (var (start, status) in person.Appointments)
                await profile.SaveAppointmentAsync(new Portal.Grains.Audience.AppointmentUpdate(start, status, "Main clinic", "Check-up"), staff);
        }
        console.WriteLine($"  {SyntheticPatientCount} made-up patients with profiles, diagnoses and appointments, on the staff member's care team");
    }

    /// <summary>A segment (patients aged 65 and over) and a draft flu-season campaign to it, ready to preview, test and launch.</summary>
    private static async Task SeedCampaignAsync(IServiceProvider services, Guid marketerId, TextWriter console)
    {
        var marketer = new Portal.Grains.Audit.AuditActor(marketerId, PortalRoles.Marketer, null);
        var (segmentId, _) = await services.GetRequiredService<Portal.Grains.Audience.Segments.Segments>().SaveAsync(null, "Aged 65 and over",
            new Portal.Grains.Audience.Segments.SegmentGroup { Conditions = [new Portal.Grains.Audience.Segments.SegmentCondition { Field = Portal.Grains.Audience.Segments.SegmentField.Age, Min = 65 }] }, marketer);
        var design = new Portal.Messaging.Campaigns.CampaignDesign
        {
            Blocks =
            [
                new() { Kind = Portal.Messaging.Campaigns.BlockKind.Heading, Text = "This season's flu vaccine is here" },
                new() { Kind = Portal.Messaging.Campaigns.BlockKind.Text, Text = "Hello {{ patient.first_name | default: \"there\" }},\n\nFlu is more serious after 65, and the vaccine made for this season is the best protection. It takes five minutes at the clinic." },
                new() { Kind = Portal.Messaging.Campaigns.BlockKind.Divider },
                new() { Kind = Portal.Messaging.Campaigns.BlockKind.Button, Text = "Sign in to read more and book", Url = "/messages", Action = Portal.Messaging.Campaigns.CallToAction.SignInToSeeContent },
            ],
        };
        var draft = new Portal.Grains.Campaigns.CampaignDraft("Flu season 2026", Portal.Data.Campaigns.CampaignGoal.Awareness, Portal.Data.Campaigns.CampaignPurpose.CareCommunication,
            false, segmentId, "{{ organisation.name }}", "Your flu vaccine is ready", "Five minutes at the clinic protects you all winter", design.ToJson());
        await services.GetRequiredService<IGrainFactory>().GetGrain<Portal.Grains.Campaigns.ICampaignGrain>(Guid.CreateVersion7()).SaveDraftAsync(draft, marketer);
        console.WriteLine("  a draft campaign \"Flu season 2026\" to the segment \"Aged 65 and over\", for the marketer to preview, test and launch");
    }

    /// <summary>An intake form assigned to the second patient, and public links to it and to a documents form for new patients.</summary>
    private static async Task SeedIntakeAsync(IServiceProvider services, Guid staffId, Guid patientId, TextWriter console)
    {
        var library = services.GetRequiredService<Portal.Grains.Forms.IFormLibrary>();
        var staff = new Portal.Grains.Audit.AuditActor(staffId, PortalRoles.Staff, null);
        var formId = await library.CreateAsync(DemoIntakeForm.Title, staff);
        await library.SaveDraftAsync(DemoIntakeForm.Build(formId, 1), staff);
        await library.PublishDraftAsync(formId, staff);
        var due = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime.Date.AddDays(14).AddHours(23);
        await services.GetRequiredService<IGrainFactory>().GetGrain<Portal.Grains.Forms.IPatientFormsGrain>(patientId)
            .AssignAsync(new Portal.Grains.Forms.NewFormAssignment(formId, 1, due), staff);
        var token = await services.GetRequiredService<Portal.Grains.Forms.PublicForms>().CreateLinkAsync(formId, staff);
        console.WriteLine($"  Intake form assigned to the second patient; public link: /f/{token}");

        var documentsId = await library.CreateAsync(DemoDocumentsForm.Title, staff);
        await library.SaveDraftAsync(DemoDocumentsForm.Build(documentsId, 1), staff);
        await library.PublishDraftAsync(documentsId, staff);
        var documentsToken = await services.GetRequiredService<Portal.Grains.Forms.PublicForms>().CreateLinkAsync(documentsId, staff);
        console.WriteLine($"  Documents form taking uploads from new patients: /f/{documentsToken}");
    }

    private static string NewPassword() =>
        RandomNumberGenerator.GetString("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 20);
}
