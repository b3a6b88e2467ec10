using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Grains.Audience.Segments;
using Portal.Web.Security;

namespace Portal.Web.Features.Marketing.Segments;

/// <summary>
/// The segment builder: groups of conditions joined by AND or OR, a count of who matches (small counts shown only as
/// "fewer than 11") and a pseudonymous sample. Works without scripts (each button posts the form); with them, the
/// count follows every change.
/// </summary>
public sealed class EditModel(Grains.Audience.Segments.Segments segments) : PageModel
{
    /// <summary>Counts below this are not shown exactly, so a narrow segment cannot single anyone out.</summary>
    public const int SmallestShownCount = 11;
    public const int MaxGroups = 5;

    [BindProperty] public SegmentForm Form { get; set; } = new();
    public Guid? SegmentId { get; private set; }
    public int? Count { get; private set; }
    public IReadOnlyList<SegmentSampleRow> Sample { get; private set; } = [];
    public string? Error { get; private set; }
    public string? Notice { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid? id)
    {
        if (id is { } existing)
        {
            if (await segments.FindAsync(existing) is not { } segment) return NotFound();
            (SegmentId, Form) = (segment.Id, SegmentForm.From(segment.Name, segment.Definition));
            Notice = Request.Query.ContainsKey("saved") ? "Segment saved." : null;
            await CountAsync(withSample: false);
        }
        else
            Form.Groups[0].Conditions.Add(new SegmentForm.ConditionForm());
        return Page();
    }

    public IActionResult OnPostAddCondition(Guid? id, int group)
    {
        ModelState.Clear(); // the form is redrawn from the changed model, not from what was posted
        SegmentId = id;
        if (group >= 0 && group < Form.Groups.Count) Form.Groups[group].Conditions.Add(new SegmentForm.ConditionForm());
        return Page();
    }

    public IActionResult OnPostRemoveCondition(Guid? id, int group, int condition)
    {
        ModelState.Clear(); // the form is redrawn from the changed model, not from what was posted
        SegmentId = id;
        if (group >= 0 && group < Form.Groups.Count && condition >= 0 && condition < Form.Groups[group].Conditions.Count)
            Form.Groups[group].Conditions.RemoveAt(condition);
        if (group > 0 && group < Form.Groups.Count && Form.Groups[group].Conditions.Count == 0) Form.Groups.RemoveAt(group);
        return Page();
    }

    public IActionResult OnPostAddGroup(Guid? id)
    {
        ModelState.Clear(); // the form is redrawn from the changed model, not from what was posted
        SegmentId = id;
        if (Form.Groups.Count < MaxGroups)
            Form.Groups.Add(new SegmentForm.GroupForm { Join = Grains.Audience.Segments.SegmentJoin.Any, Conditions = [new SegmentForm.ConditionForm()] });
        return Page();
    }

    public async Task<IActionResult> OnPostPreviewAsync(Guid? id)
    {
        SegmentId = id;
        await CountAsync(withSample: true);
        return Page();
    }

    /// <summary>The live count, for the builder's script: the same text the page would show.</summary>
    public async Task<IActionResult> OnPostCountAsync()
    {
        if (SegmentRules.Check(Form.ToDefinition()) is { } problem)
            return new JsonResult(new { problem }) { StatusCode = StatusCodes.Status422UnprocessableEntity };
        return new JsonResult(new { count = Describe(await segments.CountAsync(Form.ToDefinition(), HttpContext.RequestAborted)) });
    }

    public async Task<IActionResult> OnPostSaveAsync(Guid? id)
    {
        SegmentId = id;
        var (saved, problem) = await segments.SaveAsync(id, Form.Name, Form.ToDefinition(), HttpContext.ToAuditActor(), HttpContext.RequestAborted);
        if (problem is not null)
        {
            Error = problem;
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        return Redirect($"/marketing/segments/{saved}?saved=1");
    }

    public static string Describe(int count) => count < SmallestShownCount ? $"Fewer than {SmallestShownCount} patients" : $"{count:N0} patients";

    private async Task CountAsync(bool withSample)
    {
        var definition = Form.ToDefinition();
        if (SegmentRules.Check(definition) is { } problem)
        {
            Error = problem;
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return;
        }
        Count = await segments.CountAsync(definition, HttpContext.RequestAborted);
        if (withSample && Count >= SmallestShownCount)
            Sample = await segments.SampleAsync(definition, HttpContext.ToAuditActor(), HttpContext.RequestAborted);
    }
}
