using Portal.Messaging.Delivery;

namespace Portal.Tests.Messaging.Delivery;

public sealed class MtaStsPolicyTests
{
    private const string Enforce = "version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmx: *.example.net\r\nmx: backupmx.example.com\r\nmax_age: 604800\r\n";

    [Fact]
    public void The_rfc_example_parses()
    {
        var policy = MtaStsPolicy.Parse(Enforce);
        Assert.Equal(MtaStsMode.Enforce, policy.Mode);
        Assert.Equal(["mail.example.com", "*.example.net", "backupmx.example.com"], policy.MxPatterns);
        Assert.Equal(TimeSpan.FromDays(7), policy.MaxAge);
    }

    [Fact]
    public void Bare_line_feeds_unknown_fields_and_extra_spaces_are_tolerated_and_the_first_mode_wins()
    {
        var policy = MtaStsPolicy.Parse("version:STSv1\nmode:   testing\nmode: enforce\nfuture_field: x\nmx: MX1.Example.ORG.\nmax_age: 86400\n\n");
        Assert.Equal(MtaStsMode.Testing, policy.Mode);
        Assert.Equal(["mx1.example.org"], policy.MxPatterns);
    }

    [Theory]
    [InlineData("mail.example.com", true)]
    [InlineData("MAIL.EXAMPLE.COM.", true)]
    [InlineData("mx1.example.net", true)]
    [InlineData("example.net", false)]            // the wildcard needs a label
    [InlineData("a.b.example.net", false)]        // and stands for exactly one
    [InlineData("evil-example.net", false)]
    [InlineData("mail.example.com.evil.org", false)]
    [InlineData("backupmx.example.com", true)]
    public void Mx_hosts_match_as_section_4_1_says(string host, bool matches)
    {
        Assert.Equal(matches, MtaStsPolicy.Parse(Enforce).Matches(host));
    }

    [Theory]
    [InlineData("version: STSv2\nmode: enforce\nmx: a.example\nmax_age: 1")]
    [InlineData("mode: enforce\nmx: a.example\nmax_age: 1")]
    [InlineData("version: STSv1\nmode: strict\nmx: a.example\nmax_age: 1")]
    [InlineData("version: STSv1\nmode: enforce\nmax_age: 1")]
    [InlineData("version: STSv1\nmode: enforce\nmx: a.example")]
    [InlineData("version: STSv1\nmode: enforce\nmx: a.example\nmax_age: -5")]
    [InlineData("version: STSv1\nmode: enforce\nmx: a.example\nmax_age: 12345678901")]
    [InlineData("version: STSv1\nmode: enforce\nmx: bad host\nmax_age: 1")]
    [InlineData("<html>not a policy</html>")]
    public void Invalid_policies_are_rejected(string text)
    {
        Assert.False(MtaStsPolicy.TryParse(text, out _, out var error));
        Assert.NotNull(error);
        Assert.Throws<FormatException>(() => MtaStsPolicy.Parse(text));
    }

    [Fact]
    public void Mode_none_needs_no_mx_and_max_age_is_capped_at_a_year()
    {
        var policy = MtaStsPolicy.Parse("version: STSv1\nmode: none\nmax_age: 9999999999");
        Assert.Equal(MtaStsMode.None, policy.Mode);
        Assert.Equal(MtaStsPolicy.LongestMaxAge, policy.MaxAge);
    }

    [Fact]
    public void An_oversized_policy_is_rejected_for_its_size_alone()
    {
        // Padded with lines the parser accepts (mx patterns, then an extension field it ignores to reach the exact
        // length), so only the size can be what refuses it.
        static string Padded(int length)
        {
            var text = new System.Text.StringBuilder(Enforce);
            for (var i = 0; text.Length + 40 < length; i++)
                text.Append($"mx: mx{i}.example.org\r\n");
            var filler = length - text.Length - "padding: \r\n".Length;
            text.Append("padding: ").Append('a', filler).Append("\r\n");
            Assert.Equal(length, text.Length);
            return text.ToString();
        }

        Assert.True(MtaStsPolicy.TryParse(Padded(MtaStsPolicy.MaxLength), out var policy, out var accepted), accepted);
        Assert.True(policy!.MxPatterns.Count > 1000);

        Assert.False(MtaStsPolicy.TryParse(Padded(MtaStsPolicy.MaxLength + 1), out _, out var error));
        Assert.Equal("The policy is larger than 64 KiB.", error);
    }
}
