using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Forms.Authoring;
using Portal.Forms.Definitions;
using Portal.Forms.Instruments;
using Portal.Forms.Versioning;
using Portal.Grains.Forms;
using Portal.Web.Security;

namespace Portal.Web.Features.FormBuilder;

/// <summary>
/// The visual builder. Every change is one small POST that loads the draft, applies one <see cref="FormDraftEditor"/> edit
/// and saves a new draft, then returns to the element changed. A revision stamp on every form refuses an edit made from
/// a stale page, so two people editing at once cannot silently undo each other.
/// </summary>
[Authorize(Policy = PortalPolicies.Staff)]
public sealed partial class EditModel(IFormLibrary library, IInstrumentCatalogue instruments) : PageModel
{
    public string FormId => RouteData.Values["formId"] as string ?? "";

    /// <summary>The stamp of the draft the posting page showed.</summary>
    [BindProperty] public string? Revision { get; set; }

    public FormDefinition Draft { get; private set; } = null!;
    public FormListing Listing { get; private set; } = null!;
    public IReadOnlyList<DefinitionProblem> Problems { get; private set; } = [];
    public string CurrentRevision { get; private set; } = "";

    /// <summary>A refused edit, shown at the top and next to the element it concerns.</summary>
    public (string Target, string Message)? Error { get; private set; }

    /// <summary>The element just changed, so the page can open it and say it was saved.</summary>
    [BindProperty(SupportsGet = true, Name = "saved")] public string? Saved { get; set; }
    [BindProperty(SupportsGet = true, Name = "published")] public int? Published { get; set; }

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ? Page() : NotFound();

    public Task<IActionResult> OnPostDetailsAsync(string title, string? description) =>
        EditAsync("details", f => FormDraftEditor.SetDetails(f, title, description));

    public async Task<IActionResult> OnPostPublishAsync()
    {
        if (await RefuseAsync("publish") is { } refused)
            return refused;
        try
        {
            var published = await library.PublishDraftAsync(FormId, HttpContext.ToAuditActor(), HttpContext.RequestAborted);
            return Redirect($"/staff/forms/{FormId}/edit?published={published.Version}");
        }
        catch (InvalidFormDefinitionException)
        {
            return Refused("publish", "The form has problems to fix before it can be published; they are listed below.");
        }
        catch (FormLibraryException e)
        {
            return Refused("publish", e.Message);
        }
    }

    /// <summary>The anchor of the element a checker problem concerns: a question, a page, a score, or the form itself.</summary>
    public string TargetOf(DefinitionProblem problem)
    {
        var match = ProblemPath().Match(problem.Path);
        if (match.Groups["page"].Success && int.Parse(match.Groups["page"].Value) is var p && p < Draft.Pages.Count)
        {
            var page = Draft.Pages[p];
            return match.Groups["field"].Success && int.Parse(match.Groups["field"].Value) is var f && f < page.Fields.Count
                ? FieldAnchor(page.Fields[f].Id)
                : PageAnchor(page.Id);
        }

        return match.Groups["score"].Success && int.Parse(match.Groups["score"].Value) is var s && s < Draft.Scores.Count
            ? ScoreAnchor(Draft.Scores[s].Id)
            : "details";
    }

    public IEnumerable<string> ProblemsAt(string target) => Problems.Where(p => TargetOf(p) == target).Select(p => p.Message);

    public string? ErrorAt(string target) => Error is { } e && e.Target == target ? e.Message : null;

    /// <summary>Open an element's settings when it was just saved, was refused, or has problems.</summary>
    public bool IsOpen(string target) => Saved == target || ErrorAt(target) is not null || ProblemsAt(target).Any();

    public static string PageAnchor(string pageId) => $"page-{pageId}";
    public static string FieldAnchor(string fieldId) => $"field-{fieldId}";
    public static string ScoreAnchor(string scoreId) => $"score-{scoreId}";

    /// <summary>The questions before a position: what a condition there may read.</summary>
    public IReadOnlyList<FieldDefinition> FieldsBefore(int pageIndex, int fieldIndex) =>
        [.. Draft.Pages.Take(pageIndex).SelectMany(p => p.Fields).Concat(Draft.Pages[pageIndex].Fields.Take(fieldIndex))];

    private async Task<bool> LoadAsync()
    {
        if (!FormIds.IsWellFormed(FormId) || instruments.Find(FormId) is not null)
            return false;
        var draft = await library.GetDraftAsync(FormId, HttpContext.RequestAborted);
        var listing = (await library.ListAsync(HttpContext.RequestAborted)).FirstOrDefault(l => l.FormId == FormId);
        if (draft is null || listing is null)
            return false;
        Draft = draft;
        Listing = listing;
        Problems = FormDefinitionChecker.Check(draft);
        CurrentRevision = RevisionOf(draft);
        return true;
    }

    private async Task<IActionResult?> RefuseAsync(string target)
    {
        if (!await LoadAsync())
            return NotFound();
        if (!ModelState.IsValid)
            return Refused(target, "Some of the values sent could not be read; check them and try again.");
        if (Revision != CurrentRevision)
            return Refused(target, "The form was changed since this page was opened, so your change was not applied. The newest draft is shown; make the change again.");
        return null;
    }

    private async Task<IActionResult> EditAsync(string target, Func<FormDefinition, FormDefinition> edit)
    {
        if (await RefuseAsync(target) is { } refused)
            return refused;
        try
        {
            var next = edit(Draft);
            await library.SaveDraftAsync(next, HttpContext.ToAuditActor(), HttpContext.RequestAborted);
            return Redirect($"/staff/forms/{FormId}/edit?saved={Uri.EscapeDataString(target)}#{Uri.EscapeDataString(target)}");
        }
        catch (Exception e) when (e is FormEditException or FormLibraryException)
        {
            return Refused(target, e.Message);
        }
    }

    private PageResult Refused(string target, string message)
    {
        Error = (target, message);
        Saved = null;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private static string RevisionOf(FormDefinition draft) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(FormJson.Serialize(draft))))[..16];

    [GeneratedRegex(@"^(?:pages\[(?<page>\d+)\](?:\.fields\[(?<field>\d+)\])?|scores\[(?<score>\d+)\])")]
    private static partial Regex ProblemPath();
}
