using System.Net;
using System.Text.RegularExpressions;
using Portal.Web.Infrastructure;

namespace Portal.Tests.Infrastructure;

/// <summary>An HTTP client that behaves like a browser for forms: it fetches each page's anti-forgery token before posting.</summary>
public sealed partial class PortalClient(HttpClient http, CookieContainer cookies) : IDisposable
{
    public HttpClient Http => http;
    public CookieContainer Cookies => cookies;

    /// <summary>The session cookie as a browser would send it.</summary>
    public string? SessionCookie => cookies.GetCookies(http.BaseAddress!)["portal.session"]?.Value;

    public Task<HttpResponseMessage> GetAsync(string path) => http.GetAsync(path);

    public async Task<string> GetPageAsync(string path)
    {
        var response = await http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>GETs <paramref name="path"/> for its anti-forgery token, then POSTs the form there.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string path, IDictionary<string, string> fields, string? tokenPage = null)
    {
        var page = await http.GetAsync(tokenPage ?? path);
        var html = await page.Content.ReadAsStringAsync();
        var token = AntiForgeryToken().Match(html);
        Assert.True(token.Success, $"No anti-forgery token on {tokenPage ?? path} ({(int)page.StatusCode})");
        var form = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value) };
        return await http.PostAsync(path, new FormUrlEncodedContent(form));
    }

    public Task<HttpResponseMessage> SubmitPasswordAsync(string email, string password, string? returnUrl = null) =>
        PostFormAsync(returnUrl is null ? "/account/login" : $"/account/login?returnUrl={Uri.EscapeDataString(returnUrl)}",
            new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password, ["ReturnUrl"] = returnUrl ?? "" });

    public Task<HttpResponseMessage> SubmitCodeAsync(string code, string? returnUrl = null) =>
        PostFormAsync("/account/login-2fa", new Dictionary<string, string> { ["Code"] = code, ["ReturnUrl"] = returnUrl ?? "" });

    /// <summary>Signs in with password and a fresh authenticator code; returns where the portal sent the user.</summary>
    public async Task<string> SignInAsync(ProvisionedAccount account, string? returnUrl = null)
    {
        var password = await SubmitPasswordAsync(account.Email, account.Password, returnUrl);
        Assert.Equal(HttpStatusCode.Redirect, password.StatusCode);
        Assert.StartsWith("/account/login-2fa", password.Headers.Location!.OriginalString);
        var code = await SubmitCodeAsync(await TotpCodes.FreshAsync(account.TotpSecret!), returnUrl);
        Assert.Equal(HttpStatusCode.Redirect, code.StatusCode);
        return code.Headers.Location!.OriginalString;
    }

    /// <summary>Posts a form with one file, as a browser's file upload does.</summary>
    public async Task<HttpResponseMessage> PostFileAsync(string path, string field, string fileName, byte[] content, string tokenPage, IDictionary<string, string>? fields = null)
    {
        var html = await (await http.GetAsync(tokenPage)).Content.ReadAsStringAsync();
        var token = AntiForgeryToken().Match(html);
        Assert.True(token.Success, $"No anti-forgery token on {tokenPage}");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(WebUtility.HtmlDecode(token.Groups[1].Value)), "__RequestVerificationToken" },
            { new ByteArrayContent(content), field, fileName },
        };
        foreach (var (name, value) in fields ?? new Dictionary<string, string>())
            form.Add(new StringContent(value), name);
        return await http.PostAsync(path, form);
    }

    /// <summary>Posts a form with fields and any number of files (name, declared type, bytes), as a browser's multi-file upload does.</summary>
    public async Task<HttpResponseMessage> PostFilesAsync(string path, IDictionary<string, string> fields, IEnumerable<(string Field, string FileName, string ContentType, byte[] Content)> files, string? tokenPage = null)
    {
        var html = await (await http.GetAsync(tokenPage ?? path)).Content.ReadAsStringAsync();
        var token = AntiForgeryToken().Match(html);
        Assert.True(token.Success, $"No anti-forgery token on {tokenPage ?? path}");
        using var form = new MultipartFormDataContent { { new StringContent(WebUtility.HtmlDecode(token.Groups[1].Value)), "__RequestVerificationToken" } };
        foreach (var (name, value) in fields)
            form.Add(new StringContent(value), name);
        foreach (var (field, fileName, contentType, content) in files)
        {
            var part = new ByteArrayContent(content);
            part.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
            // Names a quoted string cannot hold travel in RFC 5987 form, which browsers and ASP.NET Core also use.
            part.Headers.ContentDisposition = fileName.All(c => c is >= ' ' and <= '~' and not '"' and not '\\')
                ? new("form-data") { Name = $"\"{field}\"", FileName = $"\"{fileName}\"" }
                : new("form-data") { Name = $"\"{field}\"", FileNameStar = fileName };
            form.Add(part);
        }
        return await http.PostAsync(path, form);
    }

    /// <summary>POSTs JSON as the passkey script does, with the anti-forgery token of <paramref name="tokenPage"/> in a header.</summary>
    public async Task<HttpResponseMessage> PostJsonAsync(string path, object? body, string tokenPage)
    {
        var html = await (await http.GetAsync(tokenPage)).Content.ReadAsStringAsync();
        var token = AntiForgeryToken().Match(html);
        Assert.True(token.Success, $"No anti-forgery token on {tokenPage}");
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = System.Net.Http.Json.JsonContent.Create(body ?? new { }) };
        request.Headers.Add("RequestVerificationToken", WebUtility.HtmlDecode(token.Groups[1].Value));
        return await http.SendAsync(request);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiForgeryToken();

    /// <summary>The authenticator secret shown on an enrolment page, without its grouping spaces.</summary>
    public static string TotpSecretOn(string enrolmentPage) => TotpKey().Match(enrolmentPage).Groups[1].Value.Replace(" ", "");

    [GeneratedRegex("data-testid=\"totp-key\">([A-Z2-7 ]+)<")]
    private static partial Regex TotpKey();

    /// <summary>Enrols an authenticator as a person would at first sign-in (the page's secret, a fresh code); returns the secret.</summary>
    public async Task<string> EnrolTotpAsync()
    {
        var key = TotpSecretOn(await GetPageAsync("/account/enrol-totp"));
        var enrolled = await PostFormAsync("/account/enrol-totp", new Dictionary<string, string> { ["Code"] = await TotpCodes.FreshAsync(key) });
        Assert.Contains("Save your recovery codes", await enrolled.Content.ReadAsStringAsync());
        return key;
    }

    public void Dispose() => http.Dispose();
}
