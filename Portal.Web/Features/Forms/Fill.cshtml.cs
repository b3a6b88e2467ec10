using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Forms.Answers;
using Portal.Forms.Definitions;
using Portal.Forms.Validation;
using Portal.Grains.Forms;
using Portal.Web.Security;

namespace Portal.Web.Features.Forms;

/// <summary>
/// A patient fills an assigned form: one page at a time along the form's own path, Back and Next, a draft saved
/// (encrypted) at every step, then review and sign. Another patient's assignment reads exactly like an unknown one.
/// </summary>
[Authorize(Policy = PortalPolicies.Patient)]
public sealed class FillModel(IGrainFactory grains, IFormLibrary library, FormValidator validator) : PageModel
{
    public AssignmentSummary Assignment { get; private set; } = null!;
    public string FormTitle { get; private set; } = "";
    public string? FormDescription { get; private set; }
    public FormStepView? Step { get; private set; }

    private string? _draftPage;

    private IPatientFormsGrain Grain => grains.GetGrain<IPatientFormsGrain>(User.UserId());

    public async Task<IActionResult> OnGetAsync(Guid assignmentId, string? step)
    {
        if (await LoadAsync(assignmentId) is not { } walk)
            return NotFound();
        if (Assignment.Status == AssignmentStatus.Submitted)
            return Page();
        var page = step == FormWalk.ReviewStep ? null : walk.FindPage(step) ?? walk.FindPage(_draftPage) ?? walk.Pages.FirstOrDefault();
        Step = View(assignmentId, walk, page, [], null);
        return Page();
    }

    public async Task<IActionResult> OnPostPageAsync(Guid assignmentId, string? pageId, string? go)
    {
        if (await LoadAsync(assignmentId) is not { } walk)
            return NotFound();
        if (Assignment.Status == AssignmentStatus.Submitted)
            return StatusCode(StatusCodes.Status409Conflict);
        if (walk.FindPage(pageId) is not { } page)
            return Redirect($"/forms/{assignmentId}");

        var posted = FormWalk.Posted(Request.Form);
        var forward = go is not ("back" or "save");
        // File questions follow the answers just posted, so one revealed on this page takes its file in the same post.
        var shown = new FormWalk(walk.Definition, walk.BindPage(page, posted, validator, validate: false).Merged);
        var fileFields = shown.PageFields(page).Where(f => f.Type == FieldType.FileUpload).ToList();
        var (withFiles, fileErrors) = await StoreUploadsAsync(assignmentId, walk, fileFields);
        if (fileErrors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            Step = View(assignmentId, walk, page, fileErrors, posted);
            return Page();
        }

        walk = new FormWalk(walk.Definition, withFiles);
        var (merged, errors) = walk.BindPage(page, posted, validator, validate: forward);
        if (forward)
        {
            var fileIds = fileFields.Select(f => f.Id).ToHashSet();
            errors = [.. errors, .. validator.Validate(walk.Definition, merged).Errors.Where(e => fileIds.Contains(e.FieldId))];
        }
        if (errors.Count > 0)
        {
            // Nothing is saved: the patient sees what they typed with the problems beside it.
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            Step = View(assignmentId, walk, page, errors, posted, refused: merged);
            return Page();
        }

        var next = new FormWalk(walk.Definition, FormWalk.Effective(walk.Definition, merged));
        var target = go switch
        {
            "back" => next.Before(page) ?? page.Id,
            "save" => page.Id,
            _ => next.After(page),
        };
        if (!await Grain.SaveDraftAsync(assignmentId, SubmissionSeal.Serialize(next.Answers), target, HttpContext.ToAuditActor()))
            return NotFound();
        return go == "save" ? Redirect("/forms?saved=true") : Redirect(StepLink(assignmentId)(target));
    }

    public async Task<IActionResult> OnPostSubmitAsync(Guid assignmentId)
    {
        if (await LoadAsync(assignmentId) is not { } walk)
            return NotFound();
        if (Assignment.Status == AssignmentStatus.Submitted)
            return StatusCode(StatusCodes.Status409Conflict);
        var posted = FormWalk.Posted(Request.Form);
        var (merged, errors) = walk.BindSignatures(posted);
        if (errors.Count == 0)
        {
            var outcome = await Grain.SubmitAsync(assignmentId, SubmissionSeal.Serialize(merged), HttpContext.ToAuditActor());
            if (outcome is null)
                return NotFound();
            if (outcome.Succeeded)
                return Redirect($"/forms/{assignmentId}");
            errors = [.. outcome.Problems.Select(p => new FieldError(p.FieldId, p.Message))];
        }
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        Step = View(assignmentId, new FormWalk(walk.Definition, merged), null, errors, posted);
        return Page();
    }

    /// <summary>Stores each file chosen on this page through the patient's grain and puts its description into the answers;
    /// a question left without a new file keeps the one uploaded before.</summary>
    private async Task<(FormAnswers Answers, IReadOnlyList<FieldError> Errors)> StoreUploadsAsync(Guid assignmentId, FormWalk walk, IEnumerable<FieldDefinition> fileFields)
    {
        var answers = new FormAnswers(walk.Answers);
        var errors = new List<FieldError>();
        if (!Request.HasFormContentType)
            return (answers, errors);
        foreach (var field in fileFields)
        {
            if (Request.Form.Files.GetFile(field.Id) is not { Length: > 0 } file)
                continue;
            var limit = field.Rules?.MaxFileBytes ?? FileContentCheck.DefaultMaxBytes;
            if (file.Length > limit)
            {
                errors.Add(new FieldError(field.Id, $"The file is larger than the {FileContentCheck.DescribeSize(limit)} allowed."));
                continue;
            }
            using var content = new MemoryStream();
            await file.CopyToAsync(content);
            var outcome = await Grain.StoreFileAsync(assignmentId, field.Id, file.FileName, content.ToArray(), HttpContext.ToAuditActor());
            if (outcome?.Answer is { } answer)
                answers.Set(field.Id, answer);
            else
                errors.Add(new FieldError(field.Id, outcome?.Problem ?? "This file could not be taken."));
        }
        return (answers, errors);
    }

    private async Task<FormWalk?> LoadAsync(Guid assignmentId)
    {
        var draft = await Grain.OpenAssignmentAsync(assignmentId, HttpContext.ToAuditActor());
        if (draft is null)
            return null;
        Assignment = draft.Assignment;
        _draftPage = draft.PageId;
        var form = await library.GetPublishedAsync(draft.Assignment.FormId, draft.Assignment.FormVersion)
            ?? throw new InvalidOperationException("The assigned form version is missing.");
        FormTitle = form.Definition.Title;
        FormDescription = form.Definition.Description;
        return new FormWalk(form.Definition, SubmissionSeal.DeserializeAnswers(draft.AnswersJson));
    }

    private static Func<string, string> StepLink(Guid assignmentId) => step => $"/forms/{assignmentId}?step={Uri.EscapeDataString(step)}";

    private static FormStepView View(Guid assignmentId, FormWalk walk, FormPage? page, IReadOnlyList<FieldError> errors, IReadOnlyDictionary<string, IReadOnlyList<string?>>? posted, FormAnswers? refused = null) => new()
    {
        Walk = walk,
        Page = page,
        Errors = errors,
        Posted = posted,
        Refused = refused,
        Action = $"/forms/{assignmentId}",
        StepLink = StepLink(assignmentId),
        CanSaveDraft = true,
        AcceptsUploads = true,
    };
}
