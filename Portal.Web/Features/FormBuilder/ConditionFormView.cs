using Portal.Forms.Conditions;
using Portal.Forms.Definitions;

namespace Portal.Web.Features.FormBuilder;

/// <summary>
/// What _ConditionForm.cshtml needs: which handler and element it posts for, the questions it may read (earlier ones only),
/// the current condition if any, and for skip rules the pages it may jump to.
/// </summary>
public sealed record ConditionFormView(
    string Handler,
    string OwnerName,
    string OwnerId,
    string IdPrefix,
    string Legend,
    IReadOnlyList<FieldDefinition> Sources,
    Condition? Current,
    FormDefinition Form,
    string Revision,
    IReadOnlyList<FormPage>? SkipTargets)
{
    /// <summary>A single comparison the form can show back for editing; combined conditions are shown as text only.</summary>
    public Condition? Editable => Current is { Kind: not (ConditionKind.All or ConditionKind.Any) } c ? c : null;
}
