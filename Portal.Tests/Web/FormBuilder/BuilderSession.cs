using System.Net;
using System.Text.RegularExpressions;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Web.FormBuilder;

/// <summary>A staff member's browser on one form's builder page: every post carries the page's revision stamp, as the page's forms do.</summary>
internal sealed partial class BuilderSession(PortalClient client, string formId)
{
    public string FormId => formId;
    public string EditPath => $"/staff/forms/{formId}/edit";

    public async Task<string> RevisionAsync() => Revision().Match(await client.GetPageAsync(EditPath)).Groups[1].Value;

    public async Task<HttpResponseMessage> PostAsync(string handler, Dictionary<string, string> fields, string? revision = null)
    {
        fields["Revision"] = revision ?? await RevisionAsync();
        return await client.PostFormAsync($"{EditPath}?handler={handler}", fields, EditPath);
    }

    /// <summary>Posts and expects the builder to accept the change and return to the element changed.</summary>
    public async Task<string> EditAsync(string handler, Dictionary<string, string> fields)
    {
        var response = await PostAsync(handler, fields);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{handler}: {(int)response.StatusCode} {Error(await response.Content.ReadAsStringAsync())}");
        return response.Headers.Location!.OriginalString;
    }

    public static string Error(string html) => WebUtility.HtmlDecode(ErrorText().Match(html).Groups[1].Value);

    public static async Task<BuilderSession> CreateAsync(PortalClient client, string title)
    {
        var created = await client.PostFormAsync("/staff/forms", new Dictionary<string, string> { ["Title"] = title });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var formId = FormIdInPath().Match(created.Headers.Location!.OriginalString).Groups[1].Value;
        Assert.NotEmpty(formId);
        return new BuilderSession(client, formId);
    }

    [GeneratedRegex("name=\"Revision\" value=\"([0-9a-f]{16})\"")]
    private static partial Regex Revision();

    [GeneratedRegex("<div class=\"error\" role=\"alert\"><p>([^<]*)</p>")]
    private static partial Regex ErrorText();

    [GeneratedRegex("^/staff/forms/([A-Za-z0-9_-]+)/edit$")]
    private static partial Regex FormIdInPath();
}
