using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Audience;
using Portal.Grains.Audit;
using Portal.Grains.Identity;
using Portal.Grains.Patients;

namespace Portal.Grains.Audience.Consent;

public sealed class PatientConsentGrain(IDbContextFactory<PortalDbContext> dbFactory, PatientAccess access, IAuditLog audit, TimeProvider clock)
    : Grain, IPatientConsentGrain
{
    private Guid PatientId => this.GetPrimaryKey();
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<ConsentView> GetAsync(AuditActor actor)
    {
        await DemandAccessAsync(actor, AuditActions.ConsentView);
        await using var db = await dbFactory.CreateDbContextAsync();
        var stored = await db.CommunicationPreferences.AsNoTracking().Where(p => p.PatientId == PatientId).ToListAsync();
        var preferences = Enum.GetValues<ContactPurpose>().SelectMany(purpose => Enum.GetValues<ContactChannel>().Select(channel =>
            stored.SingleOrDefault(p => p.Purpose == purpose && p.Channel == channel) is { } row
                ? new PreferenceView(purpose, channel, row.Allowed, row.UpdatedUtc, row.Source)
                : new PreferenceView(purpose, channel, true, null, null))).ToList();
        var now = Now;
        var authorisations = (await db.Authorisations.AsNoTracking().Where(a => a.PatientId == PatientId).OrderByDescending(a => a.GrantedUtc).ToListAsync())
            .Select(a => new AuthorisationView(a.Id, a.Purpose, a.GrantedUtc, a.ExpiresUtc, a.RevokedUtc, a.SubmissionId, a.RevokedUtc is null && a.ExpiresUtc > now)).ToList();
        await AuditAsync(AuditActions.ConsentView, AuditOutcomes.Success, actor);
        return new ConsentView(preferences, authorisations);
    }

    public async Task SetPreferenceAsync(ContactPurpose purpose, ContactChannel channel, bool allowed, AuditActor actor)
    {
        if (!Enum.IsDefined(purpose) || !Enum.IsDefined(channel)) throw new ArgumentException("Unknown purpose or channel.");
        // The patient decides; the product acts only on the patient's own unsubscribe link, and only to opt out.
        var source = actor == AuditActor.System && !allowed ? "unsubscribe link"
            : actor.Role == PortalRoles.Patient && actor.UserId == PatientId ? "patient"
            : null;
        if (source is null)
        {
            await AuditAsync(AuditActions.ConsentChanged, AuditOutcomes.Denied, actor);
            throw new UnauthorizedAccessException("Only the patient sets their preferences.");
        }
        await using var db = await dbFactory.CreateDbContextAsync();
        var row = await db.CommunicationPreferences.SingleOrDefaultAsync(p => p.PatientId == PatientId && p.Purpose == purpose && p.Channel == channel);
        if (row is null) db.CommunicationPreferences.Add(row = new CommunicationPreference { PatientId = PatientId, Purpose = purpose, Channel = channel });
        (row.Allowed, row.UpdatedUtc, row.Source) = (allowed, Now, source);
        await db.SaveChangesAsync();
        await AuditAsync(AuditActions.ConsentChanged, AuditOutcomes.Success, actor, $"{purpose}:{channel}:{(allowed ? "allowed" : "refused")}");
    }

    public async Task<Guid?> RecordAuthorisationAsync(Guid submissionId, string formId, int formVersion, DateTime signedUtc, AuditActor actor)
    {
        if (actor.Role != PortalRoles.Patient || actor.UserId != PatientId) throw new UnauthorizedAccessException("Only the patient signs their authorisation.");
        if (formId != MarketingAuthorisationForm.Id) return null;
        await using var db = await dbFactory.CreateDbContextAsync();
        // The evidence must be this patient's own sealed submission of the built-in form.
        if (!await db.FormSubmissions.AnyAsync(s => s.Id == submissionId && s.PatientId == PatientId && s.FormId == formId && s.FormVersion == formVersion))
            return null;
        var row = new Authorisation
        {
            Id = Guid.CreateVersion7(), PatientId = PatientId, Purpose = ContactPurpose.Marketing, SubmissionId = submissionId, FormId = formId,
            FormVersion = formVersion, GrantedUtc = signedUtc, ExpiresUtc = signedUtc + MarketingAuthorisationForm.Lifetime,
        };
        db.Authorisations.Add(row);
        await db.SaveChangesAsync();
        await AuditAsync(AuditActions.AuthorisationGranted, AuditOutcomes.Success, actor, row.Id.ToString());
        return row.Id;
    }

    public async Task<bool> RevokeAuthorisationAsync(Guid authorisationId, AuditActor actor)
    {
        if (actor.Role != PortalRoles.Patient || actor.UserId != PatientId)
        {
            await AuditAsync(AuditActions.AuthorisationRevoked, AuditOutcomes.Denied, actor, authorisationId.ToString());
            throw new UnauthorizedAccessException("Only the patient revokes their authorisation.");
        }
        var now = Now;
        await using var db = await dbFactory.CreateDbContextAsync();
        var revoked = await db.Authorisations.Where(a => a.Id == authorisationId && a.PatientId == PatientId && a.RevokedUtc == null)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.RevokedUtc, now)) == 1;
        await AuditAsync(AuditActions.AuthorisationRevoked, revoked ? AuditOutcomes.Success : AuditOutcomes.NotFound, actor, authorisationId.ToString());
        return revoked;
    }

    private async Task DemandAccessAsync(AuditActor actor, string action)
    {
        if (await access.MayOpenAsync(actor, PatientId)) return;
        await AuditAsync(action, AuditOutcomes.Denied, actor);
        throw new UnauthorizedAccessException("Not on this patient's care team.");
    }

    private Task AuditAsync(string action, string outcome, AuditActor actor, string? target = null) =>
        audit.WriteAsync(new AuditRecord(action, outcome, actor, PatientId, target));
}
