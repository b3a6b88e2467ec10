using Portal.Messaging.Delivery;

namespace Portal.Tests.Messaging.Delivery;

public sealed class FeedbackReportParserTests
{
    [Fact]
    public void An_arf_abuse_report_becomes_a_complaint_about_the_original_message()
    {
        var complaint = FeedbackReportParser.Parse(DsnParserTests.Sample("arf-complaint.eml"));

        Assert.NotNull(complaint);
        Assert.Equal("abuse", complaint.FeedbackType);
        Assert.Equal("outbox-6001.v1@portal.test", complaint.OriginalMessageId);
        Assert.Equal("chris.p@mailprovider.example", complaint.OriginalRecipient);
        Assert.Equal("SomeGenerator/1.0", complaint.UserAgent);
        Assert.Equal(new DateTimeOffset(2026, 3, 7, 18, 20, 0, TimeSpan.Zero), complaint.ArrivalDate);
        Assert.DoesNotContain("chris", complaint.ToString());
    }

    [Theory]
    [InlineData("postfix-hard-bounce.eml")]
    [InlineData("not-a-report.eml")]
    public void Other_messages_are_not_complaints(string sample)
    {
        Assert.Null(FeedbackReportParser.Parse(DsnParserTests.Sample(sample)));
    }
}
