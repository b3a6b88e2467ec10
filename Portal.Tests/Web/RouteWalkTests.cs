using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Grains.Identity;
using Portal.Grains.Patients;
using Portal.Tests.Infrastructure;
using Portal.Tests.Web.Forms;
using Portal.Web.Infrastructure;

namespace Portal.Tests.Web;

/// <summary>
/// Walks every route the portal maps and checks that, without a completed second factor, nothing
/// but the sign-in, recovery and enrolment pages answers with content.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class RouteWalkTests(PortalFactory portal)
{
    // Pages meant for people who are not (fully) signed in. Everything else must refuse them.
    private static readonly HashSet<string> Public = new(StringComparer.OrdinalIgnoreCase)
    {
        "/account/login", "/account/forgot-password", "/account/register", "/account/reset-password",
        "/account/complete-registration", "/account/accept-invitation", "/account/denied", "/error", "/health/live", "/health/ready",
    };
    // Enrolment, and the idle warning's "stay signed in" (which answers GET with 405 and POST with nothing) during it.
    private static readonly HashSet<string> EnrolmentOnly = new(StringComparer.OrdinalIgnoreCase) { "/account/enrol-totp", "/account/keep-alive" };

    /// <summary>Every route a browser can GET, with any id filled in by a fresh GUID (whether the id exists does not
    /// matter here: without a completed second factor nothing may be shown either way).</summary>
    private List<(string Path, bool HasId)> Routes()
    {
        var routes = portal.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(AnswersGet)
            .Select(e => (Pattern: e.RoutePattern.RawText ?? "", HasId: e.RoutePattern.Parameters.Count > 0))
            .Where(r => !r.Pattern.Contains('.') && !r.Pattern.StartsWith("css", StringComparison.Ordinal) && !r.Pattern.StartsWith("js", StringComparison.Ordinal) && !r.Pattern.StartsWith("_", StringComparison.Ordinal))
            .Select(r => (Path: "/" + Regex.Replace(r.Pattern.TrimStart('/'), @"\{[^}]+\}", Guid.NewGuid().ToString()).TrimEnd('/'), r.HasId))
            .Select(r => (Path: r.Path == "/" ? r.Path : r.Path.TrimEnd('/'), r.HasId))
            .Distinct()
            .ToList();
        Assert.Contains(("/messages", false), routes);
        Assert.Contains(("/admin/audit", false), routes);
        Assert.True(routes.Count > 20, $"only {routes.Count} routes found");
        return routes;
    }

    /// <summary>Minimal endpoints say their methods; a page answers GET only when it has a GET handler.</summary>
    private static bool AnswersGet(RouteEndpoint endpoint) =>
        endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Mvc.RazorPages.CompiledPageActionDescriptor>() is { } page
            ? page.HandlerMethods.Any(h => string.Equals(h.HttpMethod, "GET", StringComparison.OrdinalIgnoreCase))
            : endpoint.Metadata.GetMetadata<HttpMethodMetadata>() is not { } methods || methods.HttpMethods.Contains("GET");

    private static async Task AssertNothingShownAsync(PortalClient client, (string Path, bool HasId) route, HashSet<string> allowed, string who)
    {
        if (allowed.Contains(route.Path.Split('?')[0]))
            return;
        var response = await client.GetAsync(route.Path);
        var status = (int)response.StatusCode;
        var location = response.Headers.Location?.OriginalString ?? "";
        // 404 only where the path holds an id (a fresh GUID names nothing); a route without one must be refused outright.
        var refused = status is 401 or 403 || (status == 404 && route.HasId)
            || (status == 302 && (location.Contains("/account/login") || location.Contains("/account/enrol-totp") || location.Contains("/account/denied")));
        Assert.True(refused, $"{who} got {status} {location} from {route.Path}");
    }

    [Fact]
    public async Task Without_a_second_factor_every_other_route_refuses()
    {
        var routes = Routes();

        using var anonymous = portal.NewClient();
        foreach (var route in routes)
            await AssertNothingShownAsync(anonymous, route, Public, "an anonymous visitor");

        var halfway = await portal.CreateAccountAsync(PortalRoles.Admin, enrolTotp: false);
        using var passwordOnly = portal.NewClient();
        Assert.StartsWith("/account/enrol-totp", (await passwordOnly.SubmitPasswordAsync(halfway.Email, halfway.Password)).Headers.Location!.OriginalString);
        foreach (var route in routes)
            await AssertNothingShownAsync(passwordOnly, route, [.. Public, .. EnrolmentOnly], "a password-only session");
        Assert.Equal(HttpStatusCode.OK, (await passwordOnly.GetAsync("/account/enrol-totp")).StatusCode);
    }

    /// <summary>A victim's record with one of everything a route can name, and the route parameters that name them.</summary>
    private async Task<(ProvisionedAccount Victim, Dictionary<string, string> Ids, Guid MessageId, Guid AttachmentId, string FormId, Guid AssignmentId)> VictimAsync()
    {
        var victim = await portal.CreatePatientAsync();
        var grains = portal.Services.GetRequiredService<IGrainFactory>();
        var messageId = await grains.GetGrain<IPatientGrain>(victim.Id).SendSecureMessageAsync(
            new NewSecureMessage("Your results", "Your results are in.", Attachments: [new NewAttachment("results.pdf", "application/pdf", "%PDF-1.7\n%%EOF\n"u8.ToArray())]),
            await portal.TeamStaffActorAsync());
        var formId = await FormTestData.PublishIntakeAsync(portal);
        var assignmentId = await FormTestData.AssignAsync(portal, victim.Id, formId);
        var submissionId = await FormTestData.SubmitIntakeAsync(portal, victim.Id, await FormTestData.AssignAsync(portal, victim.Id, formId));
        Guid attachmentId;
        await using (var db = portal.Database.Factory().CreateDbContext())
            attachmentId = await db.MessageAttachments.Where(a => a.MessageId == messageId).Select(a => a.Id).SingleAsync();
        var ids = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["patientId"] = victim.Id.ToString(), ["id"] = messageId.ToString(), ["threadId"] = messageId.ToString(),
            ["assignmentId"] = assignmentId.ToString(), ["formId"] = formId, ["fieldId"] = "name",
            ["submissionId"] = submissionId.ToString(),
        };
        return (victim, ids, messageId, attachmentId, formId, assignmentId);
    }

    // A route's parameters filled with the victim's ids; on an attachment route the path's {id} is the attachment's.
    private static string Fill(RouteEndpoint endpoint, Dictionary<string, string> ids, Guid attachmentId) =>
        "/" + Regex.Replace(endpoint.RoutePattern.RawText!.TrimStart('/'), @"\{([^}:?]+)[^}]*\}",
            m => m.Groups[1].Value == "id" && endpoint.RoutePattern.RawText!.Contains("attachments") ? attachmentId.ToString() : ids[m.Groups[1].Value]);

    private List<RouteEndpoint> IdRoutes(Dictionary<string, string> ids) =>
        [.. portal.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.Parameters.Any(p => ids.ContainsKey(p.Name)))];

    private async Task<(PortalClient Patient, PortalClient Staff)> AttackersAsync()
    {
        var patientAttacker = portal.NewClient();
        await patientAttacker.SignInAsync(await portal.CreatePatientAsync());
        var staffAttacker = portal.NewClient();
        await staffAttacker.SignInAsync(await portal.CreateStaffAsync());
        return (patientAttacker, staffAttacker);
    }

    /// <summary>
    /// The attacker's walk: every route that takes an id, asked for by its own method (GET) with the real ids of another
    /// patient's record (their patient id, message, attachment, form assignment, sealed submission), by another patient
    /// and by a staff member outside that patient's care team, each fully signed in. Not found, forbidden or a redirect
    /// away is the only answer; 405 would mean the route was never really asked, so it does not count.
    /// </summary>
    [Fact]
    public async Task Signed_in_people_get_nothing_from_the_ids_of_a_record_that_is_not_theirs()
    {
        var (victim, ids, messageId, attachmentId, formId, assignmentId) = await VictimAsync();
        var routes = IdRoutes(ids).Where(AnswersGet).Select(e => Fill(e, ids, attachmentId)).Distinct().ToList();
        Assert.Contains($"/messages/{messageId}", routes);
        Assert.Contains($"/messages/attachments/{attachmentId}", routes);
        Assert.Contains($"/staff/patients/{victim.Id}/attachments/{attachmentId}", routes);
        Assert.Contains($"/forms/{assignmentId}", routes);
        Assert.Contains($"/staff/patients/{victim.Id}/submissions/{ids["submissionId"]}", routes);

        // The victim's own view answers, so the ids are right and a refusal below is about who asks.
        using (var owner = portal.NewClient())
        {
            await owner.SignInAsync(victim);
            Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/messages/{messageId}")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/messages/attachments/{attachmentId}")).StatusCode);
        }

        var (patientAttacker, staffAttacker) = await AttackersAsync();
        using var _ = patientAttacker;
        using var __ = staffAttacker;
        // Staff outside the care team may ask for break-glass (the page says why it is needed) and see the organisation's
        // forms; nothing else of the record.
        var staffMayOpen = new HashSet<string>
        {
            $"/staff/patients/{victim.Id}/emergency-access",
            $"/staff/forms/{formId}/edit", $"/staff/forms/{formId}/preview", $"/staff/forms/{formId}/results",
        };
        foreach (var route in routes)
        {
            await AssertRefusedAsync(patientAttacker, route, "another patient");
            if (!staffMayOpen.Contains(route))
                await AssertRefusedAsync(staffAttacker, route, "staff outside the care team");
        }
    }

    /// <summary>The same walk for every handler that changes something (a page's POST handlers, a minimal endpoint's
    /// POST, PUT or DELETE), each posted with the attacker's own valid anti-forgery token so the refusal is about access.
    /// Nothing of the victim's record may change.</summary>
    [Fact]
    public async Task Signed_in_people_change_nothing_through_the_ids_of_a_record_that_is_not_theirs()
    {
        var (victim, ids, messageId, attachmentId, formId, _) = await VictimAsync();
        var posts = IdRoutes(ids).SelectMany(e => Changes(e).Select(c => (c.Method, Path: Fill(e, ids, attachmentId) + c.Query))).Distinct().ToList();
        Assert.Contains((HttpMethod.Post, $"/staff/patients/{victim.Id}/threads/{messageId}?handler=Recall"), posts);
        Assert.Contains((HttpMethod.Post, $"/staff/patients/{victim.Id}/compose"), posts);
        Assert.Contains((HttpMethod.Post, $"/messages/{messageId}"), posts);
        Assert.Contains((HttpMethod.Post, $"/forms/{ids["assignmentId"]}?handler=Submit"), posts);
        // Handlers that take an id from the form (recall's messageId, ...) get the victim's too, with some text to send.
        var form = new Dictionary<string, string>(ids) { ["messageId"] = messageId.ToString(), ["Subject"] = "x", ["Body"] = "x", ["pageId"] = "about", ["go"] = "next" };
        var before = await RecordOfAsync(victim.Id);

        var (patientAttacker, staffAttacker) = await AttackersAsync();
        using var _ = patientAttacker;
        using var __ = staffAttacker;
        // Staff may ask for break-glass (which is its own audited request) and edit the organisation's forms.
        bool StaffMayPost(string path) => path.StartsWith($"/staff/patients/{victim.Id}/emergency-access", StringComparison.Ordinal)
            || path.StartsWith($"/staff/forms/{formId}", StringComparison.Ordinal);
        foreach (var (method, path) in posts)
        {
            await AssertPostRefusedAsync(patientAttacker, method, path, form, "/messages", "another patient");
            if (!StaffMayPost(path))
                await AssertPostRefusedAsync(staffAttacker, method, path, form, "/staff", "staff outside the care team");
        }
        Assert.Equal(before, await RecordOfAsync(victim.Id));
    }

    /// <summary>What a change to the record would show: its messages' states, its assignments', its care team and keys.</summary>
    private async Task<string> RecordOfAsync(Guid patientId)
    {
        await using var db = portal.Database.Factory().CreateDbContext();
        var messages = await db.SecureMessages.Where(m => m.PatientId == patientId).OrderBy(m => m.Id)
            .Select(m => new { m.Id, m.RecalledUtc, m.ExpiresUtc, m.ReadUtc, m.StaffReadUtc, m.AssignedStaffId, m.SubjectCipher.Length }).ToListAsync();
        var assignments = await db.FormAssignments.Where(a => a.PatientId == patientId).OrderBy(a => a.Id)
            .Select(a => new { a.Id, a.DueUtc, a.DraftSavedUtc, a.SubmissionId, a.SubmittedUtc, Draft = a.DraftCipher == null ? 0 : a.DraftCipher.Length }).ToListAsync();
        var team = await db.CareTeamMembers.Where(c => c.PatientId == patientId).Select(c => c.StaffId).OrderBy(c => c).ToListAsync();
        var keys = await db.RecipientKeys.CountAsync(k => k.PatientId == patientId);
        var submissions = await db.FormSubmissions.CountAsync(f => f.PatientId == patientId);
        return System.Text.Json.JsonSerializer.Serialize(new { messages, assignments, team, keys, submissions });
    }

    /// <summary>The changing methods a route answers: a page's POST handlers (named ones by <c>?handler=</c>), a minimal endpoint's own.</summary>
    private static IEnumerable<(HttpMethod Method, string Query)> Changes(RouteEndpoint endpoint)
    {
        if (endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Mvc.RazorPages.CompiledPageActionDescriptor>() is { } page)
            return page.HandlerMethods.Where(h => string.Equals(h.HttpMethod, "POST", StringComparison.OrdinalIgnoreCase))
                .Select(h => (HttpMethod.Post, h.Name is { Length: > 0 } name ? $"?handler={name}" : ""));
        return endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Where(m => m is "POST" or "PUT" or "DELETE" or "PATCH")
            .Select(m => (new HttpMethod(m), "")) ?? [];
    }

    private static async Task AssertPostRefusedAsync(PortalClient client, HttpMethod method, string path, IReadOnlyDictionary<string, string> fields, string tokenPage, string who)
    {
        var page = await client.GetPageAsync(tokenPage);
        var token = System.Net.WebUtility.HtmlDecode(Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value);
        Assert.False(string.IsNullOrEmpty(token), $"no anti-forgery token on {tokenPage}");
        using var request = new HttpRequestMessage(method, path)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token }),
        };
        request.Headers.Add("RequestVerificationToken", token);
        var response = await client.Http.SendAsync(request);
        var status = (int)response.StatusCode;
        var location = response.Headers.Location?.OriginalString ?? "";
        var refused = status is 401 or 403 or 404
            || (status == 302 && (location.Contains("/account/login") || location.Contains("/account/denied") || location.EndsWith("/emergency-access", StringComparison.Ordinal)));
        Assert.True(refused, $"{who} got {status} {location} from {method} {path}");
    }

    private static async Task AssertRefusedAsync(PortalClient client, string route, string who)
    {
        var response = await client.GetAsync(route);
        var status = (int)response.StatusCode;
        var location = response.Headers.Location?.OriginalString ?? "";
        var refused = status is 401 or 403 or 404
            || (status == 302 && (location.Contains("/account/login") || location.Contains("/account/denied") || location.EndsWith("/emergency-access", StringComparison.Ordinal)));
        Assert.True(refused, $"{who} got {status} {location} from {route}");
    }

    [Fact]
    public async Task Session_cookies_are_secure_http_only_and_same_site_strict_and_hsts_is_sent()
    {
        var patient = await portal.CreatePatientAsync();
        using var client = portal.NewClient();
        await client.SubmitPasswordAsync(patient.Email, patient.Password);
        var code = await client.SubmitCodeAsync(await TotpCodes.FreshAsync(patient.TotpSecret!));
        var session = code.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("portal.session=", StringComparison.Ordinal)).ToLowerInvariant();
        Assert.Contains("secure", session);
        Assert.Contains("httponly", session);
        Assert.Contains("samesite=strict", session);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/account/login");
        request.Headers.Host = "portal.example.org"; // HSTS is never sent to localhost
        var response = await client.Http.SendAsync(request);
        Assert.Contains("max-age=", string.Join(";", response.Headers.GetValues("Strict-Transport-Security")));
        Assert.Contains("camera=()", string.Join(";", response.Headers.GetValues("Permissions-Policy")));
    }
}
