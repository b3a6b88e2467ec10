using System.ComponentModel.DataAnnotations;
using Portal.Messaging.Sending;

namespace Portal.Tests.Messaging;

public sealed class SmtpOptionsTests
{
    private static List<ValidationResult> Validate(SmtpOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public void Plain_smtp_is_allowed_on_loopback(string host) =>
        Assert.Empty(Validate(new SmtpOptions { Host = host, Security = SmtpSecurity.None }));

    [Fact]
    public void Plain_smtp_to_another_host_is_refused()
    {
        var error = Assert.Single(Validate(new SmtpOptions { Host = "mail.example.org", Security = SmtpSecurity.None }));
        Assert.Contains("only allowed for a loopback host", error.ErrorMessage);
    }
}
