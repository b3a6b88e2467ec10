using System.Globalization;
using System.Text.Json;
using Portal.Grains.Audit;
using Portal.Web.Infrastructure;

namespace Portal.Web.Features.Admin;

/// <summary>Writes an audit export as CSV or JSON, streaming, for compliance officers.</summary>
public static class AuditExport
{
    private static readonly string[] Header = ["Sequence", "TimestampUtc", "ActorId", "ActorName", "ActorRole", "Action", "Outcome", "PatientId", "TargetId", "SourceIp", "Hash"];
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    public static async Task WriteAsync(HttpResponse response, IAsyncEnumerable<AuditExportRow> rows, string format, CancellationToken cancellationToken)
    {
        var fileName = $"audit-{DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}.{format}";
        if (format == "csv")
        {
            await CsvDownload.WriteAsync(response, fileName, Header, Fields(rows, cancellationToken), cancellationToken);
            return;
        }
        response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        response.Headers.CacheControl = "no-store";
        response.ContentType = "application/json; charset=utf-8";
        await JsonSerializer.SerializeAsync(response.Body, rows, JsonOptions, cancellationToken);
    }

    private static async IAsyncEnumerable<string?[]> Fields(IAsyncEnumerable<AuditExportRow> rows, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var r in rows.WithCancellation(cancellationToken))
            yield return [r.Sequence?.ToString(CultureInfo.InvariantCulture), r.TimestampUtc.ToString("O", CultureInfo.InvariantCulture), r.ActorId?.ToString(), r.ActorName, r.ActorRole,
                r.Action, r.Outcome, r.PatientId?.ToString(), r.TargetId, r.SourceIp, r.Hash];
    }
}
