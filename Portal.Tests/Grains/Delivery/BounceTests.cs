using MailKit.Net.Smtp;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Portal.Grains.Delivery;
using Portal.Tests.Infrastructure;
using Portal.Data.Patients;
using Portal.Data.Delivery;

namespace Portal.Tests.Grains.Delivery;

/// <summary>Reports arrive over SMTP at the portal's own bounce listener, as a receiving MTA would send them.</summary>
public sealed class BounceTests : IAsyncLifetime
{
    private readonly int _bouncePort = FreePort.Next();
    private readonly PortalFactory _portal;

    public BounceTests() => _portal = PortalFactory.With(DeliveryDb.MarketingSettings(new()
    {
        ["Delivery:BounceAddress"] = "bounces@portal.test",
        ["Delivery:BounceListenerPort"] = _bouncePort.ToString(),
    }));

    public Task InitializeAsync() => ((IAsyncLifetime)_portal).InitializeAsync();
    public Task DisposeAsync() => ((IAsyncLifetime)_portal).DisposeAsync();

    /// <summary>Suppressions are kept by the address's keyed token, never the address.</summary>
    private async Task<string> TokenAsync(string address) =>
        await _portal.Services.GetRequiredService<Portal.Grains.Identity.AccountEmails>().LookupTokenAsync(address);

    [Fact]
    public async Task A_hard_bounce_to_the_verp_address_suppresses_the_recipient_and_is_in_the_history()
    {
        var (rowId, content, address) = await SendOneAsync();
        await DeliverReportAsync(HardBounce(address, rowId), $"bounces+{rowId:N}@portal.test");
        var token = await TokenAsync(address);

        await DeliveryDb.EventuallyAsync(() => _portal.QueryAsync(db => db.SuppressedAddresses.AnyAsync(s => s.Address == token)), what: "the suppression");
        var suppressed = await _portal.QueryAsync(db => db.SuppressedAddresses.SingleAsync(s => s.Address == token));
        Assert.Equal(SuppressionReason.HardBounce, suppressed.Reason);
        Assert.Equal(rowId, suppressed.OutboxId);
        var history = await _portal.Services.GetRequiredService<DeliveryHistory>().ForAsync(content);
        Assert.Equal([DeliveryEventKind.Queued, DeliveryEventKind.Sent, DeliveryEventKind.Bounced], history.Select(h => h.Kind));
        Assert.Contains("5.1.1", history[^1].Detail);
        Assert.DoesNotContain(address, history[^1].Detail);

        // Every later send respects it.
        var mail = _portal.Services.GetRequiredService<MarketingMail>();
        var next = await mail.CreateContentAsync(Guid.NewGuid(), "Later", "x {{unsubscribe}}");
        await mail.EnqueueAsync(next, [new MarketingRecipient(Guid.NewGuid(), address)]);
        await DeliveryDb.EventuallyAsync(() => _portal.QueryAsync(db => db.DeliveryEvents.AnyAsync(e => e.ReferenceId == next && e.Kind == DeliveryEventKind.Suppressed)), what: "the suppressed event");
        Assert.Single(_portal.Smtp.Messages, m => m.To.Mailboxes.Any(a => a.Address == address));
    }

    [Fact]
    public async Task A_complaint_found_by_message_id_suppresses_and_a_report_about_no_message_of_ours_changes_nothing()
    {
        var (rowId, _, address) = await SendOneAsync();
        await DeliverReportAsync(Complaint($"{Guid.NewGuid():N}@portal.localhost"), "abuse@portal.test");
        await DeliverReportAsync(Complaint($"{rowId:N}@portal.localhost"), "abuse@portal.test");
        var token = await TokenAsync(address);

        await DeliveryDb.EventuallyAsync(() => _portal.QueryAsync(db => db.SuppressedAddresses.AnyAsync(s => s.Address == token)), what: "the suppression");
        Assert.Equal(1, await _portal.QueryAsync(db => db.SuppressedAddresses.CountAsync()));
        Assert.Equal(SuppressionReason.Complaint, (await _portal.QueryAsync(db => db.SuppressedAddresses.SingleAsync())).Reason);
    }

    [Fact]
    public async Task A_plain_text_bounce_suppresses_and_an_out_of_office_reply_to_the_same_address_does_not()
    {
        var (awayRow, _, away) = await SendOneAsync();
        var (goneRow, goneContent, gone) = await SendOneAsync();
        await DeliverReportAsync(Load($"""
            From: Ana <{away}>
            To: bounces+{awayRow:N}@portal.test
            Subject: Automatic reply: Hello
            Auto-Submitted: auto-replied
            Message-ID: <ooo-{awayRow:N}@example.test>

            I am out of the office: the user unknown will answer on Monday.
            """), $"bounces+{awayRow:N}@portal.test");
        await DeliverReportAsync(Load($"""
            From: MAILER-DAEMON@mail.example.test
            To: bounces+{goneRow:N}@portal.test
            Subject: failure notice
            Message-ID: <q-{goneRow:N}@mail.example.test>

            Hi. This is the qmail-send program at mail.example.test.
            I'm afraid I wasn't able to deliver your message to the following addresses.

            <{gone}>:
            Remote host said: 550 No such user here
            """), $"bounces+{goneRow:N}@portal.test");

        var token = await TokenAsync(gone);
        await DeliveryDb.EventuallyAsync(() => _portal.QueryAsync(db => db.SuppressedAddresses.AnyAsync(s => s.Address == token)), what: "the suppression");
        Assert.Equal(1, await _portal.QueryAsync(db => db.SuppressedAddresses.CountAsync()));
        var history = await _portal.Services.GetRequiredService<DeliveryHistory>().ForAsync(goneContent);
        Assert.Contains("5.1.1", history[^1].Detail);
        Assert.DoesNotContain(gone, history[^1].Detail);
    }

    private async Task<(Guid RowId, Guid Content, string Address)> SendOneAsync()
    {
        var address = $"member-{Guid.NewGuid():N}@example.test";
        var mail = _portal.Services.GetRequiredService<MarketingMail>();
        var content = await mail.CreateContentAsync(Guid.NewGuid(), "Hello", "Hi {{name}} {{unsubscribe}}");
        await mail.EnqueueAsync(content, [new MarketingRecipient(Guid.NewGuid(), address)]);
        await _portal.Smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == address));
        var rowId = await _portal.QueryAsync(db => db.Outbox.Where(r => r.ReferenceId == content).Select(r => r.Id).SingleAsync());
        await DeliveryDb.EventuallyAsync(() => _portal.QueryAsync(db => db.DeliveryEvents.AnyAsync(e => e.OutboxId == rowId && e.Kind == DeliveryEventKind.Sent)), what: "the sent event");
        return (rowId, content, address);
    }

    private async Task DeliverReportAsync(MimeMessage report, string envelopeRecipient)
    {
        using var client = new SmtpClient();
        await client.ConnectAsync("127.0.0.1", _bouncePort, MailKit.Security.SecureSocketOptions.None);
        await client.SendAsync(report, new MailboxAddress("", "MAILER-DAEMON@mx.example.test"), [new MailboxAddress("", envelopeRecipient)]);
        await client.DisconnectAsync(true);
    }

    private static MimeMessage HardBounce(string address, Guid rowId) => Load($"""
        From: MAILER-DAEMON@mx.example.test
        To: bounces+{rowId:N}@portal.test
        Subject: Undelivered Mail Returned to Sender
        MIME-Version: 1.0
        Content-Type: multipart/report; report-type=delivery-status; boundary="b1"

        --b1
        Content-Type: text/plain

        The mail system could not deliver your message.
        --b1
        Content-Type: message/delivery-status

        Reporting-MTA: dns; mx.example.test

        Final-Recipient: rfc822; {address}
        Action: failed
        Status: 5.1.1
        Diagnostic-Code: smtp; 550 5.1.1 <{address}>: Recipient address rejected: User unknown

        --b1--
        """);

    private static MimeMessage Complaint(string messageId) => Load($"""
        From: fbl@mailbox.example.test
        To: abuse@portal.test
        Subject: Complaint
        MIME-Version: 1.0
        Content-Type: multipart/report; report-type=feedback-report; boundary="b2"

        --b2
        Content-Type: text/plain

        A complaint.
        --b2
        Content-Type: message/feedback-report

        Feedback-Type: abuse
        User-Agent: ExampleFBL/1.0
        Version: 1

        --b2
        Content-Type: text/rfc822-headers

        From: Patient Portal <no-reply@portal.localhost>
        Message-ID: <{messageId}>
        Subject: Hello

        --b2--
        """);

    private static MimeMessage Load(string text)
    {
        using var stream = new MemoryStream(System.Text.Encoding.ASCII.GetBytes(text.Replace("\n", "\r\n")));
        return MimeMessage.Load(stream);
    }
}
