using System.Text;
using Portal.Web.Security;

namespace Portal.Tests.Web;

public sealed class SingleUseTotpTokenProviderTests
{
    // RFC 6238 appendix B: SHA-1 secret "12345678901234567890"; the 8-digit codes' last 6 digits.
    private static readonly byte[] RfcSecret = Encoding.ASCII.GetBytes("12345678901234567890");

    [Theory]
    [InlineData(59L, "287082")]
    [InlineData(1111111109L, "081804")]
    [InlineData(1111111111L, "050471")]
    [InlineData(1234567890L, "005924")]
    [InlineData(2000000000L, "279037")]
    public void Accepts_the_rfc_6238_test_vectors(long unixTime, string code)
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(unixTime);
        Assert.Equal(unixTime / 30, SingleUseTotpTokenProvider.MatchingStep(RfcSecret, code, now));
    }

    [Fact]
    public void Allows_one_step_of_drift_and_no_more()
    {
        var issued = DateTimeOffset.FromUnixTimeSeconds(1111111109); // code 081804 belongs to this step
        Assert.NotNull(SingleUseTotpTokenProvider.MatchingStep(RfcSecret, "081804", issued.AddSeconds(30)));
        Assert.NotNull(SingleUseTotpTokenProvider.MatchingStep(RfcSecret, "081804", issued.AddSeconds(-30)));
        Assert.Null(SingleUseTotpTokenProvider.MatchingStep(RfcSecret, "081804", issued.AddSeconds(60)));
        Assert.Null(SingleUseTotpTokenProvider.MatchingStep(RfcSecret, "081804", issued.AddSeconds(-60)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("08180")]
    [InlineData("0818045")]
    [InlineData("08180a")]
    [InlineData("０８１８０４")] // full-width digits are not ASCII digits
    public void Refuses_malformed_codes(string code) =>
        Assert.Null(SingleUseTotpTokenProvider.MatchingStep(RfcSecret, code, DateTimeOffset.FromUnixTimeSeconds(1111111109)));

    [Fact]
    public void Tolerates_the_spaces_an_app_displays() =>
        Assert.NotNull(SingleUseTotpTokenProvider.MatchingStep(RfcSecret, "081 804", DateTimeOffset.FromUnixTimeSeconds(1111111109)));
}
