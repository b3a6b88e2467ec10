using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Portal.Grains.Encryption;
using Portal.Data;

namespace Portal.Grains.Forms.Results;

/// <summary>
/// Reads sealed submissions for the results pages, opening each with its patient's data key. A submission whose seal
/// no longer holds, or whose patient was erased, is left out of the figures rather than counted unverified.
/// </summary>
public sealed partial class StoredSubmissionsSource(
    IDbContextFactory<PortalDbContext> dbFactory, PatientKeyRing keyRing, ILogger<StoredSubmissionsSource> logger) : IFormResultsSource
{
    public async Task<IReadOnlyList<FormResponse>> ReadAsync(string formId, IReadOnlyCollection<Guid> patientIds, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.FormSubmissions.AsNoTracking()
            .Where(s => s.FormId == formId && s.PatientId != null && patientIds.Contains(s.PatientId.Value))
            .ToListAsync(cancellationToken);

        var responses = new List<FormResponse>(rows.Count);
        var leftOut = 0;
        foreach (var byPatient in rows.GroupBy(r => r.PatientId!.Value))
        {
            if (await keyRing.FindAsync(byPatient.Key, cancellationToken) is not { } key)
            {
                leftOut += byPatient.Count();
                continue;
            }

            foreach (var row in byPatient)
            {
                try
                {
                    var view = SubmissionSeal.Open(key, row);
                    responses.Add(new FormResponse(byPatient.Key, row.FormVersion, view.SignedAtUtc, SubmissionSeal.DeserializeAnswers(view.AnswersJson)));
                }
                catch (SubmissionTamperedException)
                {
                    leftOut++;
                }
            }
        }

        if (leftOut > 0)
            LogLeftOut(leftOut);
        return responses;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} submissions were left out of form results: erased record or broken seal")]
    private partial void LogLeftOut(int count);
}
