using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Data.Campaigns;

/// <summary>
/// One email campaign: a goal, a purpose, a segment and content written in blocks. A draft changes freely; once
/// launched its content is frozen (the outbox rows it queued are composed from it) and only its status moves.
/// The campaign grain is the only writer.
/// </summary>
public sealed class Campaign
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public CampaignGoal Goal { get; set; }
    public CampaignPurpose Purpose { get; set; }

    /// <summary>Paid for by a third party (e.g. a drug maker): always needs the patient's authorisation (45 CFR 164.508(a)(3)(ii)).</summary>
    public bool PaidByThirdParty { get; set; }
    public Guid? SegmentId { get; set; }
    public string FromName { get; set; } = "";
    public string Subject { get; set; } = "";
    public string Preheader { get; set; } = "";

    /// <summary>When the copies leave: now, at one moment, or at the same local time in each patient's time zone.</summary>
    public CampaignSchedule Schedule { get; set; }

    /// <summary>For a scheduled campaign, the local date and time as entered (<c>yyyy-MM-ddTHH:mm</c>): in the
    /// organisation's time zone for <see cref="CampaignSchedule.At"/>, in each patient's for <see cref="CampaignSchedule.LocalTime"/>.</summary>
    public string? SendAtLocal { get; set; }

    /// <summary>Share of the audience (0-50%) kept unsent, chosen at random at launch, to measure the campaign's lift.</summary>
    public int HoldoutPercent { get; set; }
    public int HoldoutCount { get; set; }

    /// <summary>The blocks and the call to action, as JSON; merge fields name the catalogue's fields, never a value.</summary>
    public string DesignJson { get; set; } = "{}";
    public CampaignStatus Status { get; set; }
    public Guid CreatedBy { get; set; }
    public DateTime CreatedUtc { get; set; }
    public DateTime UpdatedUtc { get; set; }
    public DateTime? LaunchedUtc { get; set; }
    public Guid? LaunchedBy { get; set; }

    /// <summary>The frozen content the outbox rows name (their ReferenceId), made at launch.</summary>
    public Guid? ContentId { get; set; }
    public int QueuedCount { get; set; }

    // Who the segment held but the launch left out, and why: counts only.
    public int LeftOutNoAddress { get; set; }
    public int LeftOutOptedOut { get; set; }
    public int LeftOutNoAuthorisation { get; set; }
    public int LeftOutSuppressed { get; set; }
    public int LeftOutBounced { get; set; }

    /// <summary>Left out of a marketing campaign because they already had the week's marketing mails.</summary>
    public int LeftOutFrequencyCap { get; set; }
}

public enum CampaignSchedule : byte
{
    Now = 0,
    At = 1,
    LocalTime = 2,
}

/// <summary>What the campaign is for; each has the metric its report leads with.</summary>
public enum CampaignGoal : byte
{
    NewPatients = 1,
    ReEngageLapsed = 2,
    Awareness = 3,
    Adherence = 4,
    SurveyResponses = 5,
}

/// <summary>Care communication (treatment, reminders) needs no authorisation; marketing that uses PHI does.</summary>
public enum CampaignPurpose : byte
{
    CareCommunication = 1,
    Marketing = 2,
}

/// <summary>A patient of a campaign's audience deliberately not sent to: the baseline its lift is measured against.</summary>
public sealed class CampaignHoldout
{
    public Guid CampaignId { get; set; }
    public Guid PatientId { get; set; }
}

public sealed class CampaignHoldoutConfiguration : IEntityTypeConfiguration<CampaignHoldout>
{
    public void Configure(EntityTypeBuilder<CampaignHoldout> holdout)
    {
        holdout.ToTable("CampaignHoldouts");
        holdout.HasKey(h => new { h.CampaignId, h.PatientId });
        holdout.HasOne<Campaign>().WithMany().HasForeignKey(h => h.CampaignId).OnDelete(DeleteBehavior.Cascade);
    }
}

public static class CampaignPurposes
{
    /// <summary>The purpose a patient's email preferences name for campaigns of this purpose.</summary>
    public static Audience.ContactPurpose ContactPurpose(this CampaignPurpose purpose) =>
        purpose == CampaignPurpose.Marketing ? Audience.ContactPurpose.Marketing : Audience.ContactPurpose.Education;
}

public enum CampaignStatus : byte
{
    Draft = 1,

    /// <summary>Launched: the recipients are being queued (resumed at start if a process died meanwhile).</summary>
    Queuing = 2,
    Sending = 3,
    Paused = 4,
    Cancelled = 5,

    /// <summary>Every queued email has left or settled (sent, or not sent for a reason).</summary>
    Sent = 6,
}

public sealed class CampaignConfiguration : IEntityTypeConfiguration<Campaign>
{
    public void Configure(EntityTypeBuilder<Campaign> campaign)
    {
        campaign.ToTable("Campaigns");
        campaign.HasKey(c => c.Id);
        campaign.Property(c => c.Name).HasMaxLength(120);
        campaign.Property(c => c.FromName).HasMaxLength(100);
        campaign.Property(c => c.Subject).HasMaxLength(200);
        campaign.Property(c => c.Preheader).HasMaxLength(200);
        campaign.Property(c => c.SendAtLocal).HasMaxLength(16);
        campaign.HasIndex(c => c.Status);
    }
}
