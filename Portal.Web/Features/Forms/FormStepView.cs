using Portal.Forms.Definitions;
using Portal.Forms.Validation;

namespace Portal.Web.Features.Forms;

/// <summary>What the form-step partial draws: one page of questions, or the review-and-sign step.</summary>
public sealed class FormStepView
{
    public required FormWalk Walk { get; init; }
    public FormPage? Page { get; init; }
    public bool IsReview => Page is null;
    public IReadOnlyList<FieldError> Errors { get; init; } = [];
    public IReadOnlyDictionary<string, IReadOnlyList<string?>>? Posted { get; init; }

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
    public bool HasUpload => AcceptsUploads && Page is { } page && Walk.PageFields(page).Any(f => f.Type == FieldType.FileUpload);

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
