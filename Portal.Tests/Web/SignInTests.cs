using System.Net;
using Portal.Tests.Infrastructure;
using Portal.Web.Features.Account;

namespace Portal.Tests.Web;

/// <summary>Every failure at sign-in looks the same to the person trying.</summary>
[Collection(PortalCollection.Name)]
public sealed class SignInTests(PortalFactory portal)
{
    private static async Task<string> FailureTextAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains(System.Net.WebUtility.HtmlEncode(SignInMessages.Generic), html);
        return System.Text.RegularExpressions.Regex.Match(html, "<p class=\"error\"[^>]*>[^<]*</p>").Value;
    }

    [Fact]
    public async Task Wrong_password_wrong_code_and_reused_code_give_the_same_answer()
    {
        var patient = await portal.CreatePatientAsync();

        using var first = portal.NewClient();
        var wrongPassword = await FailureTextAsync(await first.SubmitPasswordAsync(patient.Email, patient.Password + "x"));
        var unknownUser = await FailureTextAsync(await first.SubmitPasswordAsync("nobody-" + patient.Email, patient.Password));

        Assert.Equal(HttpStatusCode.Redirect, (await first.SubmitPasswordAsync(patient.Email, patient.Password)).StatusCode);
        var code = await TotpCodes.FreshAsync(patient.TotpSecret!);
        var wrongCode = await FailureTextAsync(await first.SubmitCodeAsync(code == "123456" ? "654321" : "123456"));
        Assert.Equal(HttpStatusCode.Redirect, (await first.SubmitCodeAsync(code)).StatusCode);

        // Same code again, from another browser: refused even though it is still within its 30 s.
        using var second = portal.NewClient();
        Assert.Equal(HttpStatusCode.Redirect, (await second.SubmitPasswordAsync(patient.Email, patient.Password)).StatusCode);
        var reusedCode = await FailureTextAsync(await second.SubmitCodeAsync(code));

        Assert.Equal(wrongPassword, unknownUser);
        Assert.Equal(wrongPassword, wrongCode);
        Assert.Equal(wrongPassword, reusedCode);
        Assert.NotEqual(HttpStatusCode.OK, (await second.GetAsync("/messages")).StatusCode);
    }

    [Fact]
    public async Task The_header_names_the_signed_in_address_not_the_account_id()
    {
        var patient = await portal.CreatePatientAsync();
        using var client = portal.NewClient();
        await client.SignInAsync(patient);
        var page = await client.GetPageAsync("/messages");
        Assert.Contains($"<span class=\"who\">{patient.Email}</span>", page);
        Assert.DoesNotContain(patient.Id.ToString("N"), page);
    }

    [Fact]
    public async Task A_code_two_steps_old_is_refused_and_one_step_old_is_accepted()
    {
        var patient = await portal.CreatePatientAsync();
        using var client = portal.NewClient();
        Assert.Equal(HttpStatusCode.Redirect, (await client.SubmitPasswordAsync(patient.Email, patient.Password)).StatusCode);

        var now = TotpCodes.CurrentStep;
        await FailureTextAsync(await client.SubmitCodeAsync(TotpCodes.At(patient.TotpSecret!, now - 2)));
        await FailureTextAsync(await client.SubmitCodeAsync(TotpCodes.At(patient.TotpSecret!, now + 2)));

        TotpCodes.MarkUsed(patient.TotpSecret!, now - 1);
        var accepted = await client.SubmitCodeAsync(TotpCodes.At(patient.TotpSecret!, now - 1));
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
    }

    [Fact]
    public async Task Sign_out_ends_the_session()
    {
        var patient = await portal.CreatePatientAsync();
        using var client = portal.NewClient();
        await client.SignInAsync(patient);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/messages")).StatusCode);

        var signOut = await client.PostFormAsync("/account/logout", new Dictionary<string, string>(), tokenPage: "/messages");
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/messages")).StatusCode);
    }

    [Fact]
    public async Task A_post_without_the_anti_forgery_token_is_refused()
    {
        var patient = await portal.CreatePatientAsync();
        using var client = portal.NewClient();
        var response = await client.Http.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = patient.Email,
            ["Input.Password"] = patient.Password,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Sign_in_never_redirects_off_site()
    {
        var patient = await portal.CreatePatientAsync();
        using var client = portal.NewClient();
        var landing = await client.SignInAsync(patient, "//evil.example/phish");
        Assert.Equal("/", landing);
    }

    [Fact]
    public async Task Responses_carry_security_headers()
    {
        using var client = portal.NewClient();
        var response = await client.GetAsync("/account/login");
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString());
    }
}

public sealed class SafeReturnUrlTests
{
    [Theory]
    [InlineData("/messages", "/messages")]
    [InlineData("/messages/1?x=2", "/messages/1?x=2")]
    [InlineData("//evil.example", "/")]
    [InlineData("/\\evil.example", "/")]
    [InlineData("/\t/evil.example", "/")]
    [InlineData("/\n/evil.example", "/")]
    [InlineData("https://evil.example", "/")]
    [InlineData("", "/")]
    [InlineData(null, "/")]
    public void Only_plain_local_paths_are_followed(string? returnUrl, string expected) =>
        Assert.Equal(expected, Portal.Web.Features.Account.SignInMessages.SafeReturnUrl(returnUrl));
}
