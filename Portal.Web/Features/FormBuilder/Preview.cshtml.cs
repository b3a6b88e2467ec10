using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Forms.Answers;
using Portal.Forms.Definitions;
using Portal.Forms.Instruments;
using Portal.Forms.Logic;
using Portal.Forms.Scoring;
using Portal.Forms.Validation;
using Portal.Grains.Forms;
using Portal.Web.Features.Forms;
using Portal.Web.Security;

namespace Portal.Web.Features.FormBuilder;

/// <summary>
/// The form as a patient meets it, with the engine's own logic and validation: staff answer it, check, and see which
/// questions appear, which answers are refused and what scores come out. Nothing posted here is stored.
/// </summary>
[Authorize(Policy = PortalPolicies.Staff)]
public sealed class PreviewModel(IFormLibrary library, IInstrumentCatalogue instruments, FormValidator validator) : PageModel
{
    public string FormId => RouteData.Values["formId"] as string ?? "";

    /// <summary>A published version to preview; without it, the draft (or, for a built-in instrument, its published version).</summary>
    [BindProperty(SupportsGet = true, Name = "version")] public int? Version { get; set; }

    public FormDefinition Form { get; private set; } = null!;
    public bool IsDraft { get; private set; }
    public FormVisibility Visibility { get; private set; } = null!;
    public IReadOnlyList<FieldError> Errors { get; private set; } = [];
    public ScoreReport? Scores { get; private set; }
    public bool Checked { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (!await LoadAsync())
            return NotFound();
        Visibility = FormNavigator.Evaluate(Form, new FormAnswers());
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await LoadAsync())
            return NotFound();
        var posted = Request.Form.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string?>)kv.Value.ToArray(), StringComparer.Ordinal);
        var bound = FormPostBinder.Bind(Form, posted);
        Visibility = FormNavigator.Evaluate(Form, bound.Answers);
        // Answers left behind in questions the new answers hide are dropped here, as the patient's browser would hide them.
        Errors = [.. bound.Errors, .. validator.Validate(Form, Visibility.EffectiveAnswers).Errors];
        Scores = Form.Scores.Count > 0 ? FormScorer.Score(Form, Visibility.EffectiveAnswers) : null;
        Checked = true;
        return Page();
    }

    public FieldView ViewOf(FieldDefinition field) =>
        new(field, Visibility.EffectiveAnswers.Find(field.Id), [.. Errors.Where(e => e.FieldId == field.Id).Select(e => e.Message)], Posted: null);

    private async Task<bool> LoadAsync()
    {
        if (!FormIds.IsWellFormed(FormId) || Version is < 1)
            return false;
        if (Version is null && instruments.Find(FormId) is null)
        {
            var draft = await library.GetDraftAsync(FormId, HttpContext.RequestAborted);
            if (draft is null)
                return false;
            (Form, IsDraft) = (draft, true);
            return true;
        }

        var published = await library.GetPublishedAsync(FormId, Version, HttpContext.RequestAborted);
        if (published is null)
            return false;
        Form = published.Definition;
        return true;
    }
}
