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
            var values = new List<object>(count * 5);
            string Next(object value)
            {
                values.Add(value);
                return $"{{{values.Count - 1}}}";
            }
            for (var i = 0; i < count; i++)
            {
                var e = events[start + i];
                // A missing detail is written as the literal NULL: a null value has no type mapping to send it by.
                sql.Append(i == 0 ? "(" : ", (")
                    .Append(Next(e.OutboxId)).Append(", ").Append(Next(e.ReferenceId)).Append(", ").Append(Next((int)e.Kind)).Append(", ")
                    .Append(Next(DateTime.SpecifyKind(e.AtUtc, DateTimeKind.Utc))).Append(", ").Append(e.Detail is null ? "NULL" : Next(e.Detail)).Append(')');
            }
            await db.Database.ExecuteSqlRawAsync(sql.ToString(), values, cancellationToken);
        }
    }
}
