using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Portal.Data.Audit;
using Portal.Data.Delivery;
using Portal.Data.Forms;
using Portal.Data.Identity;
using Portal.Data.Messages;
using Portal.Data.Outbox;
using Portal.Data.Patients;

namespace Portal.Data;

/// <summary>
/// The system of record: accounts, patients, messages, forms, outbox and audit log. Each provider has a context type of
/// its own (under <c>Providers/</c>) only so that each keeps its own migrations; the model is this one.
/// <see cref="PortalDbContextFactory"/> makes the right one.
/// </summary>
public abstract class PortalDbContext(DbContextOptions<PortalDbContext> options)
    : IdentityDbContext<PortalUser, IdentityRole<Guid>, Guid>(options)
{
    public DbSet<Patient> Patients => Set<Patient>();
    public DbSet<PatientDataKey> PatientDataKeys => Set<PatientDataKey>();
    public DbSet<SecureMessage> SecureMessages => Set<SecureMessage>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<AuditChainHead> AuditChainHeads => Set<AuditChainHead>();
    public DbSet<AuditCheckpoint> AuditCheckpoints => Set<AuditCheckpoint>();
    public DbSet<Portal.Data.Retention.RetentionRule> RetentionRules => Set<Portal.Data.Retention.RetentionRule>();
    public DbSet<Portal.Data.Retention.LegalHold> LegalHolds => Set<Portal.Data.Retention.LegalHold>();
    public DbSet<Portal.Data.Retention.DisposalCertificate> DisposalCertificates => Set<Portal.Data.Retention.DisposalCertificate>();
    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();
    public DbSet<TotpStepUse> TotpStepUses => Set<TotpStepUse>();
    public DbSet<UserSession> UserSessions => Set<UserSession>();
    public DbSet<RecoveryCode> RecoveryCodes => Set<RecoveryCode>();
    public DbSet<KnownDevice> KnownDevices => Set<KnownDevice>();
    public DbSet<PasskeyCredential> PasskeyCredentials => Set<PasskeyCredential>();
    public DbSet<PasskeyChallenge> PasskeyChallenges => Set<PasskeyChallenge>();
    public DbSet<CareTeamMember> CareTeamMembers => Set<CareTeamMember>();
    public DbSet<BreakGlassGrant> BreakGlassGrants => Set<BreakGlassGrant>();
    public DbSet<RecipientKey> RecipientKeys => Set<RecipientKey>();
    public DbSet<FormRecord> Forms => Set<FormRecord>();
    public DbSet<FormVersionRecord> FormVersions => Set<FormVersionRecord>();
    public DbSet<DeliveryEvent> DeliveryEvents => Set<DeliveryEvent>();
    public DbSet<SuppressedAddress> SuppressedAddresses => Set<SuppressedAddress>();
    public DbSet<ListUnsubscription> ListUnsubscriptions => Set<ListUnsubscription>();
    public DbSet<DomainTlsStatus> DomainTlsStatuses => Set<DomainTlsStatus>();
    public DbSet<MarketingContent> MarketingContents => Set<MarketingContent>();
    public DbSet<FormAssignment> FormAssignments => Set<FormAssignment>();
    public DbSet<FormSubmissionRecord> FormSubmissions => Set<FormSubmissionRecord>();
    public DbSet<PublicFormLink> PublicFormLinks => Set<PublicFormLink>();
    public DbSet<FormWebhookDelivery> FormWebhookDeliveries => Set<FormWebhookDelivery>();
    public DbSet<MessageAttachment> MessageAttachments => Set<MessageAttachment>();
    public DbSet<FormFile> FormFiles => Set<FormFile>();
    public DbSet<PublicFormFile> PublicFormFiles => Set<PublicFormFile>();
    public DbSet<Audience.PatientProfile> PatientProfiles => Set<Audience.PatientProfile>();
    public DbSet<Audience.PatientToken> PatientTokens => Set<Audience.PatientToken>();
    public DbSet<Audience.PatientDiagnosis> PatientDiagnoses => Set<Audience.PatientDiagnosis>();
    public DbSet<Audience.Appointment> Appointments => Set<Audience.Appointment>();
    public DbSet<Audience.ProtectedKey> ProtectedKeys => Set<Audience.ProtectedKey>();
    public DbSet<Audience.Segment> Segments => Set<Audience.Segment>();
    public DbSet<Audience.CommunicationPreference> CommunicationPreferences => Set<Audience.CommunicationPreference>();
    public DbSet<Audience.Authorisation> Authorisations => Set<Audience.Authorisation>();
    public DbSet<Audience.ImportRun> ImportRuns => Set<Audience.ImportRun>();
    public DbSet<Api.ApiKey> ApiKeys => Set<Api.ApiKey>();
    public DbSet<Campaigns.Campaign> Campaigns => Set<Campaigns.Campaign>();
    public DbSet<Campaigns.CampaignHoldout> CampaignHoldouts => Set<Campaigns.CampaignHoldout>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(PortalDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configuration)
    {
        // Every timestamp is UTC. Npgsql refuses a DateTime whose Kind is not Utc, and SQLite and SQL Server hand back
        // Unspecified: one converter makes all three agree on the way in and on the way out.
        configuration.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configuration.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }
}
