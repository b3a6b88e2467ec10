using Microsoft.AspNetCore.Mvc;
using Portal.Forms.Authoring;
using Portal.Forms.Scoring;

namespace Portal.Web.Features.FormBuilder;

/// <summary>Conditions, skip rules and scores.</summary>
public sealed partial class EditModel
{
    public Task<IActionResult> OnPostFieldConditionAsync(string fieldId, ConditionInput condition, bool remove) =>
        EditAsync(FieldAnchor(fieldId), f => FormDraftEditor.SetFieldCondition(f, fieldId, remove ? null : condition.ToCondition(f)));

    public Task<IActionResult> OnPostPageConditionAsync(string pageId, ConditionInput condition, bool remove) =>
        EditAsync(PageAnchor(pageId), f => FormDraftEditor.SetPageCondition(f, pageId, remove ? null : condition.ToCondition(f)));

    public Task<IActionResult> OnPostAddSkipAsync(string pageId, ConditionInput condition, string target) =>
        EditAsync(PageAnchor(pageId), f => FormDraftEditor.AddSkipRule(f, pageId, condition.ToCondition(f), target));

    public Task<IActionResult> OnPostRemoveSkipAsync(string pageId, int index) =>
        EditAsync(PageAnchor(pageId), f => FormDraftEditor.RemoveSkipRule(f, pageId, index));

    public Task<IActionResult> OnPostAddScoreAsync(string label, List<string> items, List<BandInput> bands) =>
        EditAsync("scores", f => FormDraftEditor.AddScore(f, label, items, [.. bands.Where(b => !b.IsBlank).Select(b => b.ToBand())]));

    public Task<IActionResult> OnPostAddNpsAsync(string fieldId) =>
        EditAsync("scores", f => FormDraftEditor.AddNetPromoterScore(f, fieldId));

    public Task<IActionResult> OnPostRemoveScoreAsync(string scoreId) =>
        EditAsync("scores", f => FormDraftEditor.RemoveScore(f, scoreId));

    /// <summary>Plain words for a band list, e.g. "0-4 Minimal; 5-9 Mild".</summary>
    public static string DescribeBands(IReadOnlyList<ScoreBand> bands) =>
        bands.Count == 0 ? "no bands" : string.Join("; ", bands.Select(b => $"{b.Min:0.##}–{b.Max:0.##} {b.Label}"));
}
