using Microsoft.Extensions.Options;
using Portal.Forms.Definitions;
using Portal.Grains.Audit;
using Portal.Grains.Identity;
using Portal.Grains.Patients;

namespace Portal.Grains.Forms.Results;

/// <summary>
/// The results of a form as one staff member may see them: submissions of their care-team patients (and any
/// under an emergency grant) only, read once and audited once per view.
/// </summary>
public sealed class FormResultsReader(IFormResultsSource source, IFormLibrary library, PatientAccess access, IAuditLog audit, IOptions<FormResultsOptions> options)
{
    /// <summary>The summary, or null when the form has no published version (nothing can have been submitted).</summary>
    public async Task<FormResultsSummary?> ReadAsync(string formId, AuditActor actor, CancellationToken cancellationToken = default)
    {
        if (actor.Role is not (PortalRoles.Staff or PortalRoles.Admin))
            throw new UnauthorizedAccessException("Only staff read form results.");
        var latest = await library.GetPublishedAsync(formId, cancellationToken: cancellationToken);
        if (latest is null)
            return null;

        var patients = (await access.AccessiblePatientsAsync(actor.UserId)).ToHashSet();
        // The source is asked for these patients only; anything else it returns is dropped, not shown.
        var responses = (await source.ReadAsync(formId, patients, cancellationToken)).Where(r => patients.Contains(r.PatientId)).ToList();
        await audit.WriteAsync(new AuditRecord(AuditActions.FormResultsView, AuditOutcomes.Success, actor, TargetId: formId), cancellationToken);

        var versions = new Dictionary<int, FormDefinition> { [latest.Version] = latest.Definition };
        foreach (var version in responses.Select(r => r.Version).Distinct().Where(v => !versions.ContainsKey(v)))
        {
            if (await library.GetPublishedAsync(formId, version, cancellationToken) is { } published)
                versions[version] = published.Definition;
        }

        return FormResultsAggregator.Summarise(versions, responses, options.Value.MinimumCellSize);
    }
}
