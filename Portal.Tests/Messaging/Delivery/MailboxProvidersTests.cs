using Microsoft.Extensions.Options;
using Portal.Messaging.Delivery;
using Portal.Messaging.Sending;

namespace Portal.Tests.Messaging.Delivery;

/// <summary>Domains hosted by one mailbox provider share its limits, and its slowing down.</summary>
public sealed class MailboxProvidersTests
{
    [Theory]
    [InlineData("aspmx.l.google.com.", "google")]
    [InlineData("alt1.aspmx.l.google.com", "google")]
    [InlineData("clinic-example.mail.protection.outlook.com", "microsoft")]
    [InlineData("mta5.am0.yahoodns.net", "yahoo")]
    [InlineData("mx01.mail.icloud.com", "apple")]
    [InlineData("mx.clinic.example", null)]
    [InlineData("google.com.evil.example", null)]
    public void Knows_the_big_providers_by_their_mx_hosts(string host, string? provider) => Assert.Equal(provider, MailboxProviders.Of(host));

    [Fact]
    public async Task A_throttle_from_one_google_hosted_domain_slows_every_domain_google_hosts_and_no_other()
    {
        await using var pool = new SmtpConnectionPool(Options.Create(new SmtpPoolOptions { MessagesPerSecondPerDomain = 10 }));
        SmtpDestination To(string domain, string mx) => new(mx, 25, SmtpSecurity.StartTls, domain) { Provider = MailboxProviders.Of(mx) };
        var clinic = To("clinic.example", "aspmx.l.google.com");
        var school = To("school.example", "alt2.aspmx.l.google.com");
        var other = To("other.example", "mx.other.example");

        pool.ReportThrottled(clinic);
        Assert.Equal(5, pool.RateFor(school));
        Assert.Equal(10, pool.RateFor(other));
    }
}
