using System.Text.Json;
using Portal.Forms.Answers;
using Portal.Forms.Conditions;
using Portal.Forms.Definitions;
using Portal.Forms.Logic;
using Portal.Forms.Validation;
using Portal.Forms.Versioning;

namespace Portal.Web.Features.Forms;

/// <summary>What the form-step partial draws: one page of questions, or the review-and-sign step.</summary>
public sealed class FormStepView
{
    public required FormWalk Walk { get; init; }
    public FormPage? Page { get; init; }
    public bool IsReview => Page is null;
    public IReadOnlyList<FieldError> Errors { get; init; } = [];
    public IReadOnlyDictionary<string, IReadOnlyList<string?>>? Posted { get; init; }

    /// <summary>When a posted page is refused, its answers as bound: the page is re-drawn with the questions they reveal.</summary>
    public FormAnswers? Refused { get; init; }

    /// <summary>Where the step's form posts, without handler.</summary>
    public required string Action { get; init; }

    /// <summary>Link to another step, e.g. "/forms/{id}?step=" + page id.</summary>
    public required Func<string, string> StepLink { get; init; }

    public bool CanSaveDraft { get; init; }

    /// <summary>Extra hidden inputs (name, value), e.g. a public form's protected state.</summary>
    public IReadOnlyList<(string Name, string Value)> Hidden { get; init; } = [];

    /// <summary>Honeypot input drawn for public forms.</summary>
    public bool Honeypot { get; init; }

    /// <summary>Whether file questions take an upload, or ask the patient to bring the document.</summary>
    public bool AcceptsUploads { get; init; }

    /// <summary>The step's form is sent as multipart when one of its questions takes a file.</summary>
    public bool HasUpload => AcceptsUploads && PageFieldViews.Any(v => v.Field.Type == FieldType.FileUpload);

    /// <summary>Whether a question on this page shows or hides as the patient answers it, which the page's script does.</summary>
    public bool HasLiveConditions => PageFieldViews.Any(v => v.LiveCondition is not null);

    // Kinds whose answer the browser reads from plain controls exactly as the server's binder does.
    private static readonly HashSet<FieldType> BrowserReadable =
    [
        FieldType.ShortText, FieldType.LongText, FieldType.Number, FieldType.Date, FieldType.Email, FieldType.Phone,
        FieldType.SingleChoice, FieldType.MultipleChoice, FieldType.Dropdown, FieldType.Scale0To10, FieldType.Consent,
    ];

    /// <summary>
    /// The questions drawn on this page: the visible ones, and the hidden ones whose condition reads an answer given
    /// on this same page, drawn hidden and disabled so the browser can reveal them. Each such condition is reduced
    /// over the earlier answers, so only tests of this page's answers reach the browser, never the earlier answers.
    /// </summary>
    public IReadOnlyList<FieldView> PageFieldViews => _pageFieldViews ??= DrawPageFields();

    private IReadOnlyList<FieldView>? _pageFieldViews;

    private List<FieldView> DrawPageFields()
    {
        if (Page is not { } page)
            return [];
        var visibility = Refused is null ? Walk.Visibility : FormNavigator.Evaluate(Walk.Definition, Refused);
        var open = page.Fields.Where(f => BrowserReadable.Contains(f.Type)).Select(f => f.Id).ToHashSet(StringComparer.Ordinal);
        var views = new List<FieldView>();
        foreach (var field in page.Fields.Where(f => f.Type != FieldType.Signature))
        {
            var live = field.VisibleWhen is { } when ? ConditionReducer.Reduce(when, open, visibility.EffectiveAnswers) : null;
            if (live is not null && ConditionReducer.IsConstant(live, out _))
                live = null;
            var visible = visibility.IsFieldVisible(field.Id);
            if (visible || live is not null)
                views.Add(ViewOf(field) with { LiveCondition = live is null ? null : JsonSerializer.Serialize(live, FormJson.Options), Hidden = !visible });
        }
        return views;
    }

    public FieldView ViewOf(FieldDefinition field) => new(field, Walk.Answers.Find(field.Id),
        [.. Errors.Where(e => e.FieldId == field.Id).Select(e => e.Message)], Posted) { AcceptsUploads = AcceptsUploads };

    /// <summary>Each error as a link to its question: on this step an anchor, else the page it is asked on.</summary>
    public IEnumerable<(string Href, string Message)> ErrorLinks()
    {
        foreach (var error in Errors)
        {
            var field = Walk.Definition.FindField(error.FieldId);
            var label = field?.Label ?? "Form";
            var here = field is not null && (Page?.Fields.Any(f => f.Id == field.Id) == true || (IsReview && field.Type == FieldType.Signature));
            var href = here || field is null ? "#f-" + error.FieldId
                : Walk.PageOf(field.Id) is { } page ? StepLink(page) + "#f-" + field.Id : "#f-" + error.FieldId;
            yield return (href, $"{label}: {error.Message}");
        }
    }
}
