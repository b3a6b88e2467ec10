using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Portal.Data;
using Portal.Data.Audience;
using Portal.Grains.Audit;
using Portal.Grains.Identity;

namespace Portal.Grains.Audience.Import;

/// <summary>An import as the page shows it.</summary>
public sealed record ImportRunView(Guid Id, string Source, DateTime StartedUtc, int Total, int Processed, int Created, int Updated, int Rejected,
    DateTime? FinishedUtc, bool Failed, IReadOnlyList<ImportProblem> Problems, IReadOnlyDictionary<string, int> Skipped);

/// <summary>
/// Runs imports in the background with their progress in the database (any node can show it). A run the process
/// did not finish stays unfinished; importing the same file again completes it, as rows match by external id.
/// </summary>
public sealed partial class ImportRuns(IDbContextFactory<PortalDbContext> dbFactory, PatientImporter importer, TimeProvider clock, ILogger<ImportRuns> logger)
{
    /// <summary>Problems kept per run; the count says how many there were in all.</summary>
    public const int MaxProblemsKept = 2000;

    public async Task<Guid> StartAsync(ImportBatch batch, string source, AuditActor actor)
    {
        var run = new ImportRun
        {
            Id = Guid.CreateVersion7(), Source = source, StartedBy = actor.UserId, StartedUtc = clock.GetUtcNow().UtcDateTime,
            Total = batch.Patients.Count + batch.Diagnoses.Count + batch.Appointments.Count,
        };
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            db.ImportRuns.Add(run);
            await db.SaveChangesAsync();
        }
        _ = Task.Run(() => RunAsync(run.Id, batch, actor));
        return run.Id;
    }

    /// <summary>The run, for the one who started it (or an admin).</summary>
    public async Task<ImportRunView?> FindAsync(Guid id, AuditActor actor)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var run = await db.ImportRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id && (r.StartedBy == actor.UserId || actor.Role == PortalRoles.Admin));
        return run is null ? null : new ImportRunView(run.Id, run.Source, run.StartedUtc, run.Total, run.Processed, run.Created, run.Updated, run.Rejected,
            run.FinishedUtc, run.Failed, JsonSerializer.Deserialize<List<ImportProblem>>(run.ProblemsJson)!, JsonSerializer.Deserialize<Dictionary<string, int>>(run.SkippedJson)!);
    }

    private async Task RunAsync(Guid id, ImportBatch batch, AuditActor actor)
    {
        try
        {
            var result = await importer.RunAsync(batch, actor, (done, _) => UpdateAsync(id, r => r.SetProperty(x => x.Processed, done)));
            await UpdateAsync(id, r => r
                .SetProperty(x => x.Processed, batch.Patients.Count + batch.Diagnoses.Count + batch.Appointments.Count)
                .SetProperty(x => x.Created, result.Created).SetProperty(x => x.Updated, result.Updated).SetProperty(x => x.Rejected, result.Rejected)
                .SetProperty(x => x.ProblemsJson, JsonSerializer.Serialize(result.Problems.Take(MaxProblemsKept)))
                .SetProperty(x => x.SkippedJson, JsonSerializer.Serialize(result.Skipped))
                .SetProperty(x => x.FinishedUtc, clock.GetUtcNow().UtcDateTime));
        }
        catch (Exception e)
        {
            LogFailed(e, id);
            await UpdateAsync(id, r => r.SetProperty(x => x.Failed, true).SetProperty(x => x.FinishedUtc, clock.GetUtcNow().UtcDateTime));
        }
    }

    private async Task UpdateAsync(Guid id, Action<Microsoft.EntityFrameworkCore.Query.UpdateSettersBuilder<ImportRun>> set)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        await db.ImportRuns.Where(r => r.Id == id).ExecuteUpdateAsync(set);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Import {RunId} stopped on an error")]
    private partial void LogFailed(Exception exception, Guid runId);
}
