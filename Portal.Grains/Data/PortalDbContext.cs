using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Portal.Grains.Data;

/// <summary>The system of record: accounts, patients, messages, outbox and audit log.</summary>
public sealed class PortalDbContext(DbContextOptions<PortalDbContext> options)
    : IdentityDbContext<PortalUser, IdentityRole<Guid>, Guid>(options)
{
    public DbSet<Patient> Patients => Set<Patient>();
    public DbSet<PatientDataKey> PatientDataKeys => Set<PatientDataKey>();
    public DbSet<SecureMessage> SecureMessages => Set<SecureMessage>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
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
    public DbSet<Delivery.DeliveryEvent> DeliveryEvents => Set<Delivery.DeliveryEvent>();
    public DbSet<Delivery.SuppressedAddress> SuppressedAddresses => Set<Delivery.SuppressedAddress>();
    public DbSet<Delivery.ListUnsubscription> ListUnsubscriptions => Set<Delivery.ListUnsubscription>();
    public DbSet<Delivery.DomainTlsStatus> DomainTlsStatuses => Set<Delivery.DomainTlsStatus>();
    public DbSet<Delivery.MarketingContent> MarketingContents => Set<Delivery.MarketingContent>();
    public DbSet<FormAssignment> FormAssignments => Set<FormAssignment>();
    public DbSet<FormSubmissionRecord> FormSubmissions => Set<FormSubmissionRecord>();
    public DbSet<PublicFormLink> PublicFormLinks => Set<PublicFormLink>();
    public DbSet<FormWebhookDelivery> FormWebhookDeliveries => Set<FormWebhookDelivery>();
    public DbSet<MessageAttachment> MessageAttachments => Set<MessageAttachment>();
    public DbSet<FormFile> FormFiles => Set<FormFile>();
    public DbSet<PublicFormFile> PublicFormFiles => Set<PublicFormFile>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        // Each later feature keeps its tables' mapping beside its entities as an IEntityTypeConfiguration.
        builder.ApplyConfigurationsFromAssembly(typeof(PortalDbContext).Assembly);

        builder.Entity<PortalUser>(user =>
        {
            user.Property(u => u.DisplayName).HasMaxLength(200);
        });

        builder.Entity<Patient>(patient =>
        {
            patient.HasKey(p => p.Id);
            patient.HasOne<PortalUser>().WithOne().HasForeignKey<Patient>(p => p.Id).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<PatientDataKey>(key =>
        {
            key.HasKey(k => k.PatientId);
            key.Property(k => k.KeyEncryptionKeyId).HasMaxLength(64);
        });

        builder.Entity<SecureMessage>(message =>
        {
            message.HasKey(m => m.Id);
            message.HasIndex(m => new { m.PatientId, m.SentUtc });
            message.HasIndex(m => m.SenderId);
            message.HasIndex(m => new { m.PatientId, m.ThreadId });
            message.Property(m => m.PolicyReason).HasMaxLength(500);
            message.Property(m => m.DeliveryEvidence).HasMaxLength(500);
        });

        builder.Entity<AuditEntry>(entry =>
        {
            entry.HasKey(e => e.Id);
            entry.Property(e => e.Action).HasMaxLength(64);
            entry.Property(e => e.Outcome).HasMaxLength(32);
            entry.Property(e => e.ActorRole).HasMaxLength(32);
            entry.Property(e => e.TargetId).HasMaxLength(64);
            entry.Property(e => e.SourceIp).HasMaxLength(64);
            entry.HasIndex(e => e.TimestampUtc);
            entry.HasIndex(e => new { e.PatientId, e.TimestampUtc });
        });

        builder.Entity<TotpStepUse>(use =>
        {
            use.HasKey(u => u.UserId);
            use.HasOne<PortalUser>().WithOne().HasForeignKey<TotpStepUse>(u => u.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<UserSession>(session =>
        {
            session.HasKey(s => s.Id);
            session.HasIndex(s => s.UserId);
            session.Property(s => s.RevokedReason).HasMaxLength(64);
            session.Property(s => s.ClientAddress).HasMaxLength(64);
            session.Property(s => s.UserAgent).HasMaxLength(256);
            session.HasOne<PortalUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<RecoveryCode>(code =>
        {
            code.HasKey(c => c.Id);
            code.Property(c => c.CodeHash).HasMaxLength(64);
            code.HasIndex(c => new { c.UserId, c.CodeHash }).IsUnique();
            code.HasOne<PortalUser>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<KnownDevice>(device =>
        {
            device.HasKey(d => d.Id);
            device.Property(d => d.DeviceHash).HasMaxLength(64);
            device.Property(d => d.LastAddress).HasMaxLength(64);
            device.HasIndex(d => new { d.UserId, d.DeviceHash }).IsUnique();
            device.HasOne<PortalUser>().WithMany().HasForeignKey(d => d.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<PasskeyCredential>(passkey =>
        {
            passkey.HasKey(p => p.Id);
            passkey.HasIndex(p => p.CredentialId).IsUnique();
            passkey.HasIndex(p => p.UserId);
            passkey.Property(p => p.Name).HasMaxLength(64);
            passkey.Property(p => p.Transports).HasMaxLength(100);
            passkey.HasOne<PortalUser>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<PasskeyChallenge>(challenge =>
        {
            challenge.HasKey(c => c.Id);
            challenge.Property(c => c.Purpose).HasMaxLength(16);
            challenge.HasIndex(c => c.ExpiresUtc);
        });

        builder.Entity<CareTeamMember>(member =>
        {
            member.HasKey(m => new { m.PatientId, m.StaffId });
            member.HasIndex(m => m.StaffId);
            member.HasOne<Patient>().WithMany().HasForeignKey(m => m.PatientId).OnDelete(DeleteBehavior.Cascade);
            member.HasOne<PortalUser>().WithMany().HasForeignKey(m => m.StaffId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<BreakGlassGrant>(grant =>
        {
            grant.HasKey(g => g.Id);
            grant.HasIndex(g => new { g.StaffId, g.PatientId, g.ExpiresUtc });
        });

        builder.Entity<RecipientKey>(key =>
        {
            key.HasKey(k => k.Id);
            key.Property(k => k.Fingerprint).HasMaxLength(64);
            key.HasIndex(k => new { k.PatientId, k.Fingerprint }).IsUnique();
            key.HasOne<Patient>().WithMany().HasForeignKey(k => k.PatientId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<OutboxMessage>(row =>
        {
            row.HasKey(r => r.Id);
            row.Property(r => r.LastError).HasMaxLength(500);
            row.HasIndex(r => new { r.SentUtc, r.FailedUtc, r.NextAttemptUtc });
        });
    }
}
