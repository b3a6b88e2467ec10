using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Portal.Grains.Audience.Import;
using Portal.Grains.Identity;
using Portal.Web.Security;
using Portal.Web.Security.ApiKeys;

namespace Portal.Web.Features.Api;

/// <summary>
/// Patient import for other systems: an EHR posts the FHIR R4 bundle it exports (or a CSV file) and reads the import's
/// report, as staff do on the upload page. The key acts as its staff account: imported patients join that account's
/// care team and only that account (or an admin) reads the report.
/// </summary>
public static class ImportEndpoints
{
    public sealed record ImportAccepted(Guid Id, string Status, string Report);

    public sealed record ImportReport(Guid Id, string Source, string Status, DateTime StartedUtc, DateTime? FinishedUtc, int Total, int Processed,
        int Created, int Updated, int Rejected, IReadOnlyList<ImportProblem> Problems, IReadOnlyDictionary<string, int> Skipped);

    private static readonly string[] Accepted = ["application/fhir+json", "application/json", "text/csv"];

    public static IEndpointRouteBuilder MapImportApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization(ApiKeyPolicies.For(ApiScopes.PatientsImport));
        api.MapPost("/patients/import", StartAsync).DisableAntiforgery();
        api.MapGet("/imports/{id:guid}", async (Guid id, HttpContext context, ImportRuns runs) =>
            await runs.FindAsync(id, context.ToAuditActor()) is { } run ? Results.Ok(ToReport(run)) : NotFound());
        return app;
    }

    private static async Task<IResult> StartAsync(HttpContext context, ImportRuns runs, TimeProvider clock)
    {
        var mediaType = context.Request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        if (mediaType is null || !Accepted.Contains(mediaType))
            return Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Send a FHIR R4 bundle or a CSV file",
                detail: $"Content-Type must be one of: {string.Join(", ", Accepted)}.");
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = ImportFile.MaxBytes;
        string text;
        try
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            text = await reader.ReadToEndAsync(context.RequestAborted);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "The file is larger than 50 MB",
                detail: "Split it and post the parts one after another; rows match by external id, so nothing is duplicated.");
        }
        if (string.IsNullOrWhiteSpace(text))
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The request has no body", detail: "Post the bundle or the CSV file as the body.");
        var isCsv = mediaType == "text/csv";
        if (isCsv == text.AsSpan().TrimStart().StartsWith("{"))
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The body does not match its Content-Type",
                detail: isCsv ? "A CSV file was announced, but the body is JSON." : "JSON was announced, but the body does not start with a JSON object.");
        var (batch, source) = ImportFile.Read(text, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        if (ImportFile.IsUnreadable(batch))
            return Results.ValidationProblem(batch.Problems.GroupBy(p => p.Column).ToDictionary(g => g.Key, g => g.Select(p => p.Problem).ToArray()),
                title: "Nothing could be read from this file");
        var id = await runs.StartAsync(batch, $"{source} (API)", context.ToAuditActor());
        var report = $"/api/v1/imports/{id}";
        return Results.Accepted(report, new ImportAccepted(id, "running", report));
    }

    private static ImportReport ToReport(ImportRunView run) => new(run.Id, run.Source,
        run.FinishedUtc is null ? "running" : run.Failed ? "failed" : "done", run.StartedUtc, run.FinishedUtc, run.Total, run.Processed,
        run.Created, run.Updated, run.Rejected, run.Problems, run.Skipped);

    private static IResult NotFound() => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "There is no such import for this key");
}
