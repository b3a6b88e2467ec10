using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Portal.Grains.Audit;
using Portal.Grains.Identity;
using Portal.Tests.Grains.Delivery;
using Portal.Tests.Infrastructure;
using Portal.Web.Infrastructure;
using Portal.Web.Security;

namespace Portal.Tests.Web.Admin;

/// <summary>Admins invite, re-role, deactivate and reactivate workforce accounts through the accounts page, as a new
/// organisation would: mailed links, password, mandatory second factor, sessions ended at once, everything audited.</summary>
[Collection(PortalCollection.Name)]
public sealed partial class AccountAdministrationTests(PortalFactory portal)
{
    [GeneratedRegex(@"/account/accept-invitation\?user=[0-9a-f-]+&token=[^\s""<>]+")]
    private static partial Regex InvitationLink();

    private static string NewEmail(string who) => $"{who}-{Guid.NewGuid():N}@clinic.example";

    private async Task<PortalClient> AdminAsync()
    {
        var client = portal.NewClient();
        await client.SignInAsync(await portal.CreateAccountAsync(PortalRoles.Admin));
        return client;
    }

    private static Task<HttpResponseMessage> PostAsync(PortalClient admin, string handler, IDictionary<string, string> fields) =>
        admin.PostFormAsync($"/admin/accounts?handler={handler}", fields, "/admin/accounts");

    private async Task<MimeMessage> MailToAsync(string email, string subject) =>
        await portal.Smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == email) && m.Subject == subject);

    /// <summary>Accepts the invitation mailed to <paramref name="email"/>, signs in with the password and enrols TOTP; returns the signed-in browser.</summary>
    private async Task<PortalClient> AcceptAndSignInAsync(string email, string password = "violet tractor moonlight harbour")
    {
        var mail = await MailToAsync(email, "You are invited to the patient portal");
        var link = InvitationLink().Match(mail.TextBody ?? "").Value;
        Assert.NotEmpty(link);
        var browser = portal.NewClient();
        // The account id without its token names no one.
        using (var guesser = portal.NewClient())
            Assert.DoesNotContain(email, await guesser.GetPageAsync(link[..(link.IndexOf("&token=", StringComparison.Ordinal) + 7)] + "forged"));
        Assert.Contains(email, await browser.GetPageAsync(link));
        var accepted = await browser.PostFormAsync(link, new Dictionary<string, string> { ["Password"] = password });
        Assert.Contains("Your account is ready", await accepted.Content.ReadAsStringAsync());
        var again = await portal.NewClient().PostFormAsync(link, new Dictionary<string, string> { ["Password"] = password });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);

        Assert.StartsWith("/account/enrol-totp", (await browser.SubmitPasswordAsync(email, password)).Headers.Location!.OriginalString);
        await browser.EnrolTotpAsync();
        return browser;
    }

    private async Task<Guid> IdOfAsync(string email) => (await portal.AccountByEmailAsync(email))!.Id;

    [Fact]
    public async Task An_admin_invites_staff_and_a_marketer_who_accept_set_up_a_second_factor_and_sign_in()
    {
        using var admin = await AdminAsync();
        var staffEmail = NewEmail("nurse");
        var marketerEmail = NewEmail("marketer");
        foreach (var (email, name, role) in new[] { (staffEmail, "Nurse Nia", PortalRoles.Staff), (marketerEmail, "Mo Marketer", PortalRoles.Marketer) })
        {
            var invited = await PostAsync(admin, "Invite", new Dictionary<string, string> { ["Email"] = email, ["DisplayName"] = name, ["Role"] = role });
            Assert.Equal(HttpStatusCode.OK, invited.StatusCode);
            var page = await invited.Content.ReadAsStringAsync();
            Assert.Contains($"Invitation sent to {email}", page);
            Assert.Contains("Invited ", page);
        }

        using var staff = await AcceptAndSignInAsync(staffEmail);
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync("/staff")).StatusCode);
        using var marketer = await AcceptAndSignInAsync(marketerEmail);
        var home = await marketer.GetAsync("/");
        Assert.Equal("/marketing/segments", home.Headers.Location!.OriginalString); // a marketer's start page
        Assert.Equal(HttpStatusCode.OK, (await marketer.GetAsync("/marketing/segments")).StatusCode);
        var staffArea = await marketer.GetAsync("/staff");
        Assert.True(staffArea.StatusCode == HttpStatusCode.Forbidden || staffArea.Headers.Location?.OriginalString.Contains("/account/denied") == true,
            $"a marketer got {(int)staffArea.StatusCode} from /staff");

        var staffId = await IdOfAsync(staffEmail);
        var actions = await portal.QueryAsync(db => db.AuditEntries.Where(e => e.TargetId != null && e.TargetId.StartsWith(staffId.ToString())).Select(e => e.Action).ToListAsync());
        Assert.Contains(AuditActions.AccountInvited, actions);
        Assert.Contains(AuditActions.InvitationAccepted, actions);
        var listing = await admin.GetPageAsync("/admin/accounts");
        Assert.Contains(staffEmail, listing);
    }

    [Fact]
    public async Task Bad_invitations_are_refused_with_a_reason_and_create_nothing()
    {
        using var admin = await AdminAsync();
        var taken = await portal.CreateStaffAsync();
        foreach (var (fields, reason) in new (Dictionary<string, string>, string)[]
        {
            (new() { ["Email"] = "not an address", ["DisplayName"] = "X", ["Role"] = PortalRoles.Staff }, "valid email"),
            (new() { ["Email"] = NewEmail("x"), ["DisplayName"] = "", ["Role"] = PortalRoles.Staff }, "name"),
            (new() { ["Email"] = NewEmail("x"), ["DisplayName"] = "Line\r\nBcc: evil@example.org", ["Role"] = PortalRoles.Staff }, "name"),
            (new() { ["Email"] = NewEmail("x"), ["DisplayName"] = "X", ["Role"] = PortalRoles.Patient }, "role"),
            (new() { ["Email"] = taken.Email, ["DisplayName"] = "X", ["Role"] = PortalRoles.Staff }, "already exists"),
        })
        {
            var response = await PostAsync(admin, "Invite", fields);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            Assert.Contains(reason, await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task A_role_change_ends_the_accounts_sessions_at_once_and_is_told_to_it()
    {
        using var admin = await AdminAsync();
        var email = NewEmail("clerk");
        await PostAsync(admin, "Invite", new Dictionary<string, string> { ["Email"] = email, ["DisplayName"] = "Cleo Clerk", ["Role"] = PortalRoles.Staff });
        using var staff = await AcceptAndSignInAsync(email);
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync("/staff")).StatusCode);

        var changed = await PostAsync(admin, "Role", new Dictionary<string, string> { ["accountId"] = (await IdOfAsync(email)).ToString(), ["newRole"] = PortalRoles.Marketer });
        Assert.Contains("Role changed", await changed.Content.ReadAsStringAsync());

        var next = await staff.GetAsync("/staff");
        Assert.Equal(HttpStatusCode.Redirect, next.StatusCode);
        Assert.Contains("/account/login", next.Headers.Location!.OriginalString);
        var notice = await MailToAsync(email, "Your role in the patient portal changed");
        Assert.DoesNotContain("Cleo", notice.TextBody);
        Assert.True(await portal.QueryAsync(db => db.AuditEntries.AnyAsync(e => e.Action == AuditActions.AccountRoleChanged && e.TargetId!.EndsWith("Staff->Marketer"))));
    }

    [Fact]
    public async Task A_deactivated_account_is_signed_out_and_cannot_sign_in_until_reactivated()
    {
        using var admin = await AdminAsync();
        var account = await portal.CreateStaffAsync();
        using var staff = portal.NewClient();
        await staff.SignInAsync(account);

        var deactivated = await PostAsync(admin, "Deactivate", new Dictionary<string, string> { ["accountId"] = account.Id.ToString() });
        Assert.Contains("Account deactivated", await deactivated.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await staff.GetAsync("/staff")).StatusCode);
        using (var again = portal.NewClient())
        {
            var password = await again.SubmitPasswordAsync(account.Email, account.Password);
            Assert.DoesNotContain("/account/login-two-factor", password.Headers.Location?.OriginalString ?? "");
            Assert.Equal(HttpStatusCode.Redirect, (await again.GetAsync("/staff")).StatusCode);
        }
        await MailToAsync(account.Email, "Your patient portal account was deactivated");

        await PostAsync(admin, "Reactivate", new Dictionary<string, string> { ["accountId"] = account.Id.ToString() });
        using var back = portal.NewClient();
        await back.SignInAsync(account);
        Assert.Equal(HttpStatusCode.OK, (await back.GetAsync("/staff")).StatusCode);
        await MailToAsync(account.Email, "Your patient portal account was reactivated");
    }

    [Fact]
    public async Task A_resent_invitation_spends_the_earlier_link()
    {
        using var admin = await AdminAsync();
        var email = NewEmail("late");
        await PostAsync(admin, "Invite", new Dictionary<string, string> { ["Email"] = email, ["DisplayName"] = "Lee Late", ["Role"] = PortalRoles.Staff });
        var first = InvitationLink().Match((await MailToAsync(email, "You are invited to the patient portal")).TextBody ?? "").Value;
        await PostAsync(admin, "Resend", new Dictionary<string, string> { ["accountId"] = (await IdOfAsync(email)).ToString() });
        await DeliveryDb.EventuallyAsync(() => Task.FromResult(portal.Smtp.Messages.Count(m => m.To.Mailboxes.Any(a => a.Address == email)) == 2), what: "the second invitation");

        var stale = await portal.NewClient().PostFormAsync(first, new Dictionary<string, string> { ["Password"] = "violet tractor moonlight harbour" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, stale.StatusCode);
        var second = portal.Smtp.Messages.Where(m => m.To.Mailboxes.Any(a => a.Address == email)).Select(m => InvitationLink().Match(m.TextBody ?? "").Value).Single(l => l != first);
        var accepted = await portal.NewClient().PostFormAsync(second, new Dictionary<string, string> { ["Password"] = "violet tractor moonlight harbour" });
        Assert.Contains("Your account is ready", await accepted.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_invited_address_cannot_be_turned_into_a_patient_by_self_registration()
    {
        using var admin = await AdminAsync();
        var email = NewEmail("invitee");
        await PostAsync(admin, "Invite", new Dictionary<string, string> { ["Email"] = email, ["DisplayName"] = "Ivy", ["Role"] = PortalRoles.Staff });
        await MailToAsync(email, "You are invited to the patient portal");
        var id = await IdOfAsync(email);
        using var stranger = portal.NewClient();
        await stranger.PostFormAsync("/account/register", new Dictionary<string, string> { ["Email"] = email });
        await DeliveryDb.EventuallyAsync(() => portal.QueryAsync(db => db.AuditEntries.AnyAsync(e =>
            e.Action == AuditActions.RegistrationRequested && e.ActorId == id && e.Outcome == AuditOutcomes.Denied)), what: "the refused registration");
        Assert.False(await portal.QueryAsync(db => db.Outbox.AnyAsync(r => r.RecipientId == id && r.Kind == Portal.Data.Outbox.OutboxKind.RegistrationLink)));
    }
}
