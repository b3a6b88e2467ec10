using Microsoft.AspNetCore.Mvc;
using Portal.Forms.Authoring;
using Portal.Forms.Definitions;

namespace Portal.Web.Features.FormBuilder;

/// <summary>Pages and questions: add, change, reorder, remove.</summary>
public sealed partial class EditModel
{
    public Task<IActionResult> OnPostAddPageAsync(string title) =>
        EditAsync("add-page", f => FormDraftEditor.AddPage(f, title));

    public Task<IActionResult> OnPostPageAsync(string pageId, string title, string? description) =>
        EditAsync(PageAnchor(pageId), f => FormDraftEditor.UpdatePage(f, pageId, title, description));

    public Task<IActionResult> OnPostMovePageAsync(string pageId, int delta) =>
        EditAsync(PageAnchor(pageId), f => FormDraftEditor.MovePage(f, pageId, delta));

    public Task<IActionResult> OnPostDeletePageAsync(string pageId) =>
        EditAsync(PageAnchor(pageId), f => FormDraftEditor.DeletePage(f, pageId));

    public async Task<IActionResult> OnPostAddFieldAsync(string pageId, FieldType type, string label)
    {
        string? added = null;
        var result = await EditAsync(PageAnchor(pageId), f =>
        {
            (var form, added) = FormDraftEditor.AddField(f, pageId, type, label);
            return form;
        });
        // Land on the new question with its settings open, ready for choices and rules.
        return result is RedirectResult && added is not null
            ? Redirect($"/staff/forms/{FormId}/edit?saved={FieldAnchor(added)}#{FieldAnchor(added)}")
            : result;
    }

    public Task<IActionResult> OnPostFieldAsync(string fieldId, FieldInput field) =>
        EditAsync(FieldAnchor(fieldId), f => FormDraftEditor.UpdateField(f, fieldId, field.ToEdit()));

    public Task<IActionResult> OnPostMoveFieldAsync(string fieldId, int delta) =>
        EditAsync(FieldAnchor(fieldId), f => FormDraftEditor.MoveField(f, fieldId, delta));

    public Task<IActionResult> OnPostDeleteFieldAsync(string fieldId) =>
        EditAsync(FieldAnchor(fieldId), f => FormDraftEditor.DeleteField(f, fieldId));
}
