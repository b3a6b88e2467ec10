using Portal.Forms.Answers;
using Portal.Forms.Definitions;

namespace Portal.Forms.Logic;

/// <summary>Which pages and questions a patient sees for a given set of answers.</summary>
public sealed class FormVisibility
{
    private readonly HashSet<string> _visibleFieldIds;
    private readonly HashSet<string> _visiblePageIds;

    internal FormVisibility(IReadOnlyList<FormPage> visiblePages, IEnumerable<string> visibleFieldIds, FormAnswers effectiveAnswers)
    {
        VisiblePages = visiblePages;
        _visiblePageIds = visiblePages.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        _visibleFieldIds = visibleFieldIds.ToHashSet(StringComparer.Ordinal);
        EffectiveAnswers = effectiveAnswers;
    }

    /// <summary>The pages the patient walks through, in order.</summary>
    public IReadOnlyList<FormPage> VisiblePages { get; }

    /// <summary>Answers to visible questions only: what conditions, scores and renderings may rely on.</summary>
    public FormAnswers EffectiveAnswers { get; }

    /// <summary>Whether the page is on the patient's path.</summary>
    public bool IsPageVisible(string pageId) => _visiblePageIds.Contains(pageId);

    /// <summary>Whether the question is shown (its page is on the path and its own condition holds).</summary>
    public bool IsFieldVisible(string fieldId) => _visibleFieldIds.Contains(fieldId);

    /// <summary>The visible questions of a visible page, in order.</summary>
    public IEnumerable<FieldDefinition> VisibleFieldsOf(FormPage page) =>
        IsPageVisible(page.Id) ? page.Fields.Where(f => IsFieldVisible(f.Id)) : [];

    /// <summary>Every visible question in order.</summary>
    public IEnumerable<FieldDefinition> VisibleFields => VisiblePages.SelectMany(VisibleFieldsOf);

    /// <summary>The page that follows <paramref name="currentPageId"/> on the path, or null at the end.</summary>
    public FormPage? NextPageAfter(string currentPageId)
    {
        for (var i = 0; i < VisiblePages.Count - 1; i++)
        {
            if (VisiblePages[i].Id == currentPageId)
            {
                return VisiblePages[i + 1];
            }
        }

        return null;
    }

    /// <summary>The page that precedes <paramref name="currentPageId"/> on the path, or null at the start.</summary>
    public FormPage? PreviousPageBefore(string currentPageId)
    {
        for (var i = 1; i < VisiblePages.Count; i++)
        {
            if (VisiblePages[i].Id == currentPageId)
            {
                return VisiblePages[i - 1];
            }
        }

        return null;
    }
}
