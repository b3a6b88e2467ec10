using MimeKit;
using Portal.Messaging.Delivery;

namespace Portal.Tests.Messaging.Delivery;

/// <summary>
/// A corpus of bounces that are not RFC 3464 reports, in the formats Exim, qmail, Yahoo, OpenSMTPD, Exchange 2007
/// and Gmail's delay warning write, beside automatic replies and a person's reply, which are no bounces at all.
/// </summary>
public sealed class TextBounceParserTests
{
    private static MimeMessage Sample(string name) =>
        MimeMessage.Load(Path.Combine(AppContext.BaseDirectory, "Messaging", "Delivery", "Samples", "text", name));

    [Theory]
    [InlineData("exim-hard.eml", BounceKind.Hard, "5.1.1")]
    [InlineData("qmail-hard.eml", BounceKind.Hard, "5.1.1")]
    [InlineData("yahoo-hard.eml", BounceKind.Hard, "5.1.1")]
    [InlineData("exchange2007-hard.eml", BounceKind.Hard, "5.1.1")]
    [InlineData("opensmtpd-full.eml", BounceKind.Hard, "5.2.2")]
    [InlineData("gmail-delay.eml", BounceKind.Soft, "4.0.0")]
    public void Reads_the_status_of_each_format(string name, BounceKind kind, string status)
    {
        var report = TextBounceParser.Parse(Sample(name));
        Assert.NotNull(report);
        Assert.Equal(kind, report.Kind);
        Assert.Equal(status, report.Recipients.Single().Status);
        Assert.DoesNotContain("@", report.Recipients.Single().DiagnosticCode ?? "");
    }

    [Fact]
    public void The_status_is_read_from_the_notice_not_from_the_returned_message()
    {
        var report = TextBounceParser.Parse(Sample("exim-hard.eml"))!;
        Assert.Contains("User unknown", report.Recipients.Single().DiagnosticCode);
        Assert.Equal("0123456789abcdef0123456789abcdef@portal.test", report.OriginalMessageId);
    }

    [Theory]
    [InlineData("outlook-out-of-office.eml")]
    [InlineData("vacation-reply.eml")]
    [InlineData("human-reply.eml")]
    public void Automatic_replies_and_replies_by_people_are_no_bounces(string name)
    {
        Assert.Null(TextBounceParser.Parse(Sample(name)));
        Assert.Null(DsnParser.Parse(Sample(name)));
    }

    [Fact]
    public void Rfc3834_marks_automatic_replies()
    {
        Assert.True(AutoReplies.Is(Sample("outlook-out-of-office.eml")));
        Assert.True(AutoReplies.Is(Sample("vacation-reply.eml")));
        Assert.False(AutoReplies.Is(Sample("qmail-hard.eml")));
    }
}
