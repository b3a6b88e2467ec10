using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Grains;
using Portal.Grains.Patients;
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
