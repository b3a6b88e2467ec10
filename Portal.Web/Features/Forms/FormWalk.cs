using Microsoft.Extensions.Primitives;
using Portal.Forms.Answers;
using Portal.Forms.Definitions;
using Portal.Forms.Logic;
using Portal.Forms.Validation;

namespace Portal.Web.Features.Forms;

/// <summary>
/// Walking a published form one page at a time, for the patient's assigned forms and for public forms alike: which
/// pages show, binding one page's post into the answers so far, and the checks that page must pass. Signature
/// questions are answered on the final review-and-sign step, not on their pages.
/// </summary>
public sealed class FormWalk(FormDefinition definition, FormAnswers answers)
{
    public const string ReviewStep = "review";

    public FormDefinition Definition => definition;
    public FormAnswers Answers => answers;
    public FormVisibility Visibility { get; } = FormNavigator.Evaluate(definition, answers);

    /// <summary>Visible pages with at least one question to answer on the page itself.</summary>
    public IReadOnlyList<FormPage> Pages => [.. Visibility.VisiblePages.Where(p => PageFields(p).Any())];

    /// <summary>The questions shown on a page: visible ones, signatures excepted.</summary>
    public IEnumerable<FieldDefinition> PageFields(FormPage page) => Visibility.VisibleFieldsOf(page).Where(f => f.Type != FieldType.Signature);

    /// <summary>Visible signature questions, answered on the review step.</summary>
    public IReadOnlyList<FieldDefinition> SignatureFields => [.. Visibility.VisibleFields.Where(f => f.Type == FieldType.Signature)];

    public FormPage? FindPage(string? pageId) => Pages.FirstOrDefault(p => p.Id == pageId);

    public string After(FormPage page)
    {
        var index = IndexOf(page);
        return index >= 0 && index + 1 < Pages.Count ? Pages[index + 1].Id : ReviewStep;
    }

    public string? Before(FormPage page)
    {
        var index = IndexOf(page);
        return index > 0 ? Pages[index - 1].Id : null;
    }

    public string? LastPageId => Pages.Count > 0 ? Pages[^1].Id : null;

    private int IndexOf(FormPage page) => Pages.ToList().FindIndex(p => p.Id == page.Id);

    /// <summary>The page a field is asked on, for linking an error to it.</summary>
    public string? PageOf(string fieldId) => definition.Pages.FirstOrDefault(p => p.Fields.Any(f => f.Id == fieldId))?.Id;

    /// <summary>The posted values as the engine's binder reads them.</summary>
    public static Dictionary<string, IReadOnlyList<string?>> Posted(IFormCollection form) =>
        form.Keys.ToDictionary(k => k, k => (IReadOnlyList<string?>)[.. (StringValues)form[k]], StringComparer.Ordinal);

    /// <summary>
    /// Binds every non-signature question of <paramref name="page"/> (hidden ones too, so a smuggled answer is seen and
    /// refused) over the answers so far. Returns the merged answers and the problems with this page.
    /// </summary>
    public (FormAnswers Merged, IReadOnlyList<FieldError> Errors) BindPage(FormPage page, IReadOnlyDictionary<string, IReadOnlyList<string?>> posted, FormValidator validator, bool validate)
    {
        var fields = page.Fields.Where(f => f.Type is not (FieldType.Signature or FieldType.FileUpload)).ToList();
        var bound = FormPostBinder.Bind(definition with { Pages = [page with { Fields = fields }] }, posted);
        var merged = new FormAnswers(answers.Where(a => fields.All(f => f.Id != a.Key)));
        foreach (var (id, value) in bound.Answers)
            merged.Set(id, value);
        var errors = bound.Errors.ToList();
        if (validate)
        {
            var ids = fields.Select(f => f.Id).ToHashSet();
            errors.AddRange(validator.Validate(definition, merged).Errors.Where(e => ids.Contains(e.FieldId) && errors.All(b => b.FieldId != e.FieldId)));
        }
        return (merged, errors);
    }

    /// <summary>Binds the review step's signatures over the answers so far.</summary>
    public (FormAnswers Merged, IReadOnlyList<FieldError> Errors) BindSignatures(IReadOnlyDictionary<string, IReadOnlyList<string?>> posted)
    {
        var bound = FormPostBinder.Bind(definition with { Pages = [new FormPage { Id = "sign", Title = "Sign", Fields = SignatureFields }] }, posted);
        var merged = new FormAnswers(answers.Where(a => SignatureFields.All(f => f.Id != a.Key)));
        foreach (var (id, value) in bound.Answers)
            merged.Set(id, value);
        return (merged, bound.Errors);
    }

    /// <summary>Answers to questions no longer on the patient's path are dropped from a draft (an earlier answer changed).</summary>
    public static FormAnswers Effective(FormDefinition definition, FormAnswers answers) =>
        FormNavigator.Evaluate(definition, answers).EffectiveAnswers;
}
