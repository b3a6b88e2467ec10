using MimeKit;
using Portal.Messaging.Delivery;

namespace Portal.Tests.Messaging.Delivery;

public sealed class DsnParserTests
{
    internal static MimeMessage Sample(string name) =>
        MimeMessage.Load(Path.Combine(AppContext.BaseDirectory, "Messaging", "Delivery", "Samples", name));

    [Fact]
    public void A_postfix_bounce_is_a_hard_bounce_tied_back_to_the_outbox_row()
    {
        var report = DsnParser.Parse(Sample("postfix-hard-bounce.eml"));

        Assert.NotNull(report);
        Assert.Equal("mail.portal.test", report.ReportingMta);
        Assert.Equal("outbox-1842+v1", report.OriginalEnvelopeId);      // xtext "+2B" decoded
        Assert.Equal("outbox-1842.v1@portal.test", report.OriginalMessageId); // from text/rfc822-headers
        var recipient = Assert.Single(report.Recipients);
        Assert.Equal("jane.doe@clinic-patients.example", recipient.FinalRecipient);
        Assert.Equal("jane.doe@clinic-patients.example", recipient.OriginalRecipient);
        Assert.Equal(DsnAction.Failed, recipient.Action);
        Assert.Equal("5.1.1", recipient.Status);
        Assert.Equal("mx1.clinic-patients.example", recipient.RemoteMta);
        Assert.Equal(BounceKind.Hard, recipient.Kind);
        Assert.Equal(BounceKind.Hard, report.Kind);
        Assert.StartsWith("550 5.1.1 [address]: Recipient address rejected: User unknown", recipient.DiagnosticCode);
        Assert.DoesNotContain("jane", recipient.ToString());
    }

    [Fact]
    public void A_postfix_delay_warning_is_a_soft_bounce()
    {
        var report = DsnParser.Parse(Sample("postfix-delayed.eml"));
        var recipient = Assert.Single(report!.Recipients);
        Assert.Equal(DsnAction.Delayed, recipient.Action);
        Assert.Equal("4.4.1", recipient.Status);
        Assert.Equal(BounceKind.Soft, recipient.Kind);
        Assert.Null(report.OriginalEnvelopeId);
        Assert.Equal("outbox-2001.v1@portal.test", report.OriginalMessageId);
        Assert.Equal("outbox-2001.v1@portal.test", report.MessageReference);
    }

    [Fact]
    public void An_exchange_ndr_with_three_digit_detail_code_and_attached_message_is_read()
    {
        var report = DsnParser.Parse(Sample("exchange-ndr.eml"));
        var recipient = Assert.Single(report!.Recipients);
        Assert.Equal("m.rivera@hospital-patients.example", recipient.FinalRecipient);
        Assert.Equal("5.1.10", recipient.Status);
        Assert.Equal(BounceKind.Hard, recipient.Kind);
        Assert.Equal("CO1PR04MB1234.namprd04.prod.outlook.com", report.ReportingMta);
        Assert.Equal("outbox-3310.v2@portal.test", report.OriginalMessageId);
        Assert.Contains("RESOLVER.ADR.RecipientNotFound", recipient.DiagnosticCode);
    }

    [Fact]
    public void A_gmail_bounce_with_folded_diagnostic_is_read()
    {
        var report = DsnParser.Parse(Sample("gmail-bounce.eml"));
        var recipient = Assert.Single(report!.Recipients);
        Assert.Equal("alex.nguyen.1987@gmail.com", recipient.FinalRecipient);
        Assert.Equal(BounceKind.Hard, recipient.Kind);
        Assert.Equal("outbox-4420.v1@portal.test", report.OriginalMessageId);
        Assert.StartsWith("550-5.1.1 The email account that you tried to reach does not exist. Please try", recipient.DiagnosticCode);
        Assert.DoesNotContain("\n", recipient.DiagnosticCode);
    }

    [Fact]
    public void Each_recipient_of_a_multi_recipient_report_is_classified_on_its_own()
    {
        var report = DsnParser.Parse(Sample("mixed-recipients.eml"));
        Assert.Equal("outbox-5000", report!.MessageReference);
        Assert.Equal(
            [(DsnAction.Delivered, "2.0.0", BounceKind.None), (DsnAction.Failed, "5.2.2", BounceKind.Hard), (DsnAction.Failed, "4.4.7", BounceKind.Soft)],
            report.Recipients.Select(r => (r.Action, r.Status, r.Kind)));
        Assert.Equal(BounceKind.Hard, report.Kind);
    }

    [Theory]
    [InlineData("not-a-report.eml")]
    [InlineData("arf-complaint.eml")]
    public void Messages_that_are_not_dsns_give_null(string sample)
    {
        Assert.Null(DsnParser.Parse(Sample(sample)));
    }

    [Fact]
    public void A_dsn_built_in_code_round_trips()
    {
        var status = new MessageDeliveryStatus();
        var perMessage = new HeaderList { { "Reporting-MTA", "dns; mta.example" } };
        var perRecipient = new HeaderList { { "Final-Recipient", "rfc822; x@example.org" }, { "Action", "failed" }, { "Status", "5.7.1" } };
        status.StatusGroups.Add(perMessage);
        status.StatusGroups.Add(perRecipient);
        var report = new MultipartReport("delivery-status") { new TextPart("plain") { Text = "failed" }, status };
        var message = new MimeMessage { Body = report };
        using var stream = new MemoryStream();
        message.WriteTo(stream);
        stream.Position = 0;

        var parsed = DsnParser.Parse(MimeMessage.Load(stream));
        Assert.Equal(BounceKind.Hard, Assert.Single(parsed!.Recipients).Kind);
        Assert.Equal("mta.example", parsed.ReportingMta);
    }
}
