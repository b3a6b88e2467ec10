using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Portal.Data.Delivery;
using Portal.Data;

namespace Portal.Data.Providers;

/// <summary>Delivery events as plain multi-row INSERTs with parameters, in standard SQL all three providers accept.</summary>
internal static class MultiRowInsert
{
    // 100 rows of 5 parameters stays far below SQL Server's 2,100 parameters per statement.
    private const int RowsPerStatement = 100;

    public static async Task DeliveryEventsAsync(PortalDbContext db, IReadOnlyList<DeliveryEvent> events, CancellationToken cancellationToken)
    {
        for (var start = 0; start < events.Count; start += RowsPerStatement)
        {
            var count = Math.Min(RowsPerStatement, events.Count - start);
            var sql = new StringBuilder("INSERT INTO \"DeliveryEvents\" (\"OutboxId\", \"ReferenceId\", \"Kind\", \"AtUtc\", \"Detail\") VALUES ");
            var values = new object[count * 5];
            for (var i = 0; i < count; i++)
            {
                var e = events[start + i];
                var p = i * 5;
                sql.Append(i == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture, $"({{{p}}}, {{{p + 1}}}, {{{p + 2}}}, {{{p + 3}}}, {{{p + 4}}})");
                values[p] = e.OutboxId;
                values[p + 1] = e.ReferenceId;
                values[p + 2] = (int)e.Kind;
                values[p + 3] = DateTime.SpecifyKind(e.AtUtc, DateTimeKind.Utc);
                values[p + 4] = (object?)e.Detail ?? DBNull.Value;
            }
            await db.Database.ExecuteSqlRawAsync(sql.ToString(), values, cancellationToken);
        }
    }
}
