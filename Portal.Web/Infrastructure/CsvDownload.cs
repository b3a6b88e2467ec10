using CsvHelper;

namespace Portal.Web.Infrastructure;

/// <summary>A CSV file download (RFC 4180, by CsvHelper), streamed. Text that a spreadsheet would run as a formula
/// (starting with =, +, - or @) is escaped, so an exported value can never execute in the reader's spreadsheet.</summary>
public static class CsvDownload
{
    private static readonly CsvWriterOptions Options = new() { Injection = CsvInjection.Escape };

    public static async Task WriteAsync(HttpResponse response, string fileName, string[] header, IAsyncEnumerable<string?[]> rows, CancellationToken cancellationToken)
    {
        response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        response.Headers.CacheControl = "no-store";
        response.ContentType = "text/csv; charset=utf-8";
        await using var csv = CsvWriter.Create(response.Body, Options, true);
        csv.WriteHeader(header);
        await foreach (var row in rows.WithCancellation(cancellationToken))
            await csv.WriteRecordAsync([.. row.Select(v => v ?? "")], cancellationToken);
        await csv.FlushAsync(cancellationToken);
    }

    public static async IAsyncEnumerable<T> ToAsync<T>(IEnumerable<T> items)
    {
        foreach (var item in items) yield return item;
        await Task.CompletedTask;
    }
}
