using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Grains.Audience.Segments;

namespace Portal.Web.Features.Marketing.Segments;

/// <summary>The marketer's saved segments with how many patients each reaches now.</summary>
public sealed class IndexModel(Grains.Audience.Segments.Segments segments) : PageModel
{
    public IReadOnlyList<(SegmentSummary Segment, string Count)> Rows { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var rows = new List<(SegmentSummary, string)>();
        foreach (var segment in await segments.ListAsync(HttpContext.RequestAborted))
            rows.Add((segment, EditModel.Describe(await segments.CountAsync(segment.Definition, HttpContext.RequestAborted))));
        Rows = rows;
    }
}
