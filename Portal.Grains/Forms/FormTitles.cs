using Microsoft.EntityFrameworkCore;
using Portal.Data;

namespace Portal.Grains.Forms;

internal static class FormTitles
{
    public static async Task<IReadOnlyDictionary<string, string>> LookupAsync(PortalDbContext db, IEnumerable<string> formIds)
    {
        var ids = formIds.Distinct().ToList();
        return await db.Forms.AsNoTracking().Where(f => ids.Contains(f.Id)).ToDictionaryAsync(f => f.Id, f => f.Title);
    }
}
