namespace Portal.Grains.Audit;

/// <summary>An event to audit. Ids and outcomes only: never PHI.</summary>
public sealed record AuditRecord(
    string Action,
    string Outcome,
    AuditActor? Actor,
    Guid? PatientId = null,
    string? TargetId = null);

/// <summary>The audited actions, named once so that reports and tests agree.</summary>
public static class AuditActions
{
    public const string SignIn = "auth.sign-in";
    public const string SignInSecondFactor = "auth.second-factor";
    public const string SignOut = "auth.sign-out";
    public const string TotpEnrolled = "auth.totp-enrolled";
    public const string SessionEnded = "auth.session-ended";
    public const string StepUp = "auth.step-up";
    public const string SessionsRevoked = "auth.sessions-revoked";
    public const string PasswordChanged = "auth.password-changed";
    public const string RecoveryCodeUsed = "auth.recovery-code-used";
    public const string RecoveryCodesGenerated = "auth.recovery-codes-generated";
    public const string NewSignInNotified = "auth.new-sign-in-notified";
    public const string PasskeyRegistered = "auth.passkey-registered";
    public const string PasskeyRemoved = "auth.passkey-removed";
    public const string PasskeySignIn = "auth.passkey-sign-in";
    public const string PasswordResetRequested = "auth.password-reset-requested";
    public const string PasswordReset = "auth.password-reset";
    public const string RegistrationRequested = "auth.registration-requested";
    public const string RegistrationCompleted = "auth.registration-completed";
    public const string AccountInvited = "account.invited";
    public const string InvitationAccepted = "account.invitation-accepted";
    public const string AccountRoleChanged = "account.role-changed";
    public const string AccountDeactivated = "account.deactivated";
    public const string AccountReactivated = "account.reactivated";
    public const string AccountExpired = "account.expired";
    public const string AccountsView = "account.list-view";
    public const string MessageSend = "message.send";
    public const string MessageNotify = "message.notify";
    public const string MessageRead = "message.read";
    public const string MessageView = "message.view";
    public const string MessageReply = "message.reply";
    public const string MessageRecall = "message.recall";
    public const string MessageAssign = "message.assign";
    public const string InboxView = "inbox.view";
    public const string TeamInboxView = "inbox.team-view";
    public const string AttachmentDownload = "attachment.download";
    public const string PatientView = "patient.view";
    public const string PatientProfileView = "patient.profile-view";
    public const string PatientCreated = "patient.created";
    public const string PatientsImported = "patient.imported";
    public const string PatientProfileChanged = "patient.profile-changed";
    public const string SegmentSaved = "segment.saved";
    public const string ConsentView = "consent.view";
    public const string ConsentChanged = "consent.changed";
    public const string AuthorisationGranted = "authorisation.granted";
    public const string AuthorisationRevoked = "authorisation.revoked";
    public const string SegmentPreviewed = "segment.previewed";
    public const string CampaignSaved = "campaign.saved";
    public const string CampaignLaunched = "campaign.launched";
    public const string CampaignPaused = "campaign.paused";
    public const string CampaignResumed = "campaign.resumed";
    public const string CampaignCancelled = "campaign.cancelled";
    public const string CampaignPreviewed = "campaign.previewed";
    public const string CampaignTestSent = "campaign.test-sent";
    public const string PatientErased = "patient.erased";
    public const string PatientMessagesView = "patient.messages-view";
    public const string PatientDirectoryView = "patient.directory-view";
    public const string AuditLogView = "audit.view";
    public const string AuditVerified = "audit.verified";
    public const string AuditExported = "audit.exported";
    public const string DisclosuresView = "patient.disclosures-view";
    public const string RetentionRuleChanged = "retention.rule-changed";
    public const string LegalHoldPlaced = "retention.hold-placed";
    public const string LegalHoldReleased = "retention.hold-released";
    public const string RecordsDisposed = "retention.disposed";
    public const string KekRewrapped = "encryption.kek-rewrapped";
    public const string BreakGlassGranted = "break-glass.granted";
    public const string CareTeamChanged = "care-team.changed";
    public const string RecipientCertificateAdded = "certificate.added";
    public const string RecipientPgpKeyAdded = "pgp-key.added";
    public const string RecipientKeyRemoved = "recipient-key.removed";
    public const string FormCreated = "form.created";
    public const string FormPublished = "form.published";
    public const string FormResultsView = "form.results-view";
    public const string FormAssigned = "form.assigned";
    public const string FormAssignmentsView = "form.assignments-view";
    public const string FormDraftSaved = "form.draft-saved";
    public const string FormOpened = "form.opened";
    public const string FormSubmitted = "form.submitted";
    public const string FormSubmissionView = "form.submission-view";
    public const string FormSubmissionExport = "form.submission-export";
    public const string FormSubmissionTampered = "form.submission-tampered";
    public const string FormFileUpload = "form.file-upload";
    public const string FormFileDownload = "form.file-download";
    public const string PublicFormLinkCreated = "form.public-link-created";
    public const string PublicFormLinkDisabled = "form.public-link-disabled";
    public const string PublicFormSubmitted = "form.public-submitted";
    public const string PublicSubmissionAttached = "form.public-attached";
    public const string ApiKeyCreated = "api-key.created";
    public const string ApiKeyRotated = "api-key.rotated";
    public const string ApiKeyRevoked = "api-key.revoked";
    public const string ApiKeyRefused = "api-key.refused";
}

public static class AuditOutcomes
{
    public const string Success = "success";
    public const string Failure = "failure";
    public const string NotFound = "not-found";
    public const string Denied = "denied";
    public const string Throttled = "throttled";
    public const string Skipped = "skipped";
    public const string SuspectedClone = "suspected-clone";
}
