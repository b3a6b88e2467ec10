using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Grains;
using Portal.Grains.Audit;
using Portal.Grains.Identity;
using Portal.Grains.Patients;
using Portal.Data.Identity;
using Portal.Messaging.Notifications;
using Portal.Tests.Infrastructure;
using Portal.Tests.Web.Forms;

namespace Portal.Tests.Web;

[Collection(PortalCollection.Name)]
public sealed class PortalLinksTests(PortalFactory portal)
{
    /// <summary>Every link a mail can carry opens its page for the person it was sent to.</summary>
    [Fact]
    public async Task Each_link_in_mail_opens_its_page_for_its_recipient()
    {
        var links = portal.Services.GetRequiredService<PortalLinks>();
        var patient = await portal.CreatePatientAsync();
        var messageId = await portal.Services.GetRequiredService<IGrainFactory>().GetGrain<IPatientGrain>(patient.Id)
            .SendSecureMessageAsync(new NewSecureMessage("Hello", "A note."), await portal.TeamStaffActorAsync());
        var assignmentId = await FormTestData.AssignAsync(portal, patient.Id, await FormTestData.PublishIntakeAsync(portal));

        using var client = portal.NewClient();
        await client.SignInAsync(patient);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(links.MessagePath(messageId))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(links.FormAssignmentPath(assignmentId))).StatusCode);

        using var anonymous = portal.NewClient();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(links.SignInPath())).StatusCode);
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            var user = (await users.FindByIdAsync(patient.Id.ToString()))!;
            var reset = await anonymous.GetPageAsync(links.PasswordResetPath(user.Id, await users.GeneratePasswordResetTokenAsync(user)));
            Assert.Contains("new password", reset, StringComparison.OrdinalIgnoreCase);
        }

        var admin = await portal.CreateAccountAsync(PortalRoles.Admin);
        using var adminClient = portal.NewClient();
        await adminClient.SignInAsync(admin);
        Assert.Equal(HttpStatusCode.OK, (await adminClient.GetAsync(links.AuditLogPath(AuditActions.BreakGlassGranted))).StatusCode);

        var baseUrl = portal.Services.GetRequiredService<IOptions<NotificationOptions>>().Value.PortalBaseUrl.TrimEnd('/');
        Assert.Equal($"{baseUrl}/messages/{messageId}", links.Absolute(links.MessagePath(messageId)));
    }

    [Fact]
    public void A_page_the_web_host_has_not_named_is_a_clear_error()
    {
        var links = new PortalLinks(Options.Create(new PortalLinkOptions { Message = "/messages/{id}" }), Options.Create(new NotificationOptions()));
        var error = Assert.Throws<InvalidOperationException>(() => links.FormAssignmentPath(Guid.NewGuid()));
        Assert.Contains("PortalLinkOptions.FormAssignment", error.Message);
    }
}
