using System.Text;

namespace Portal.Grains.Encryption;

/// <summary>
/// One encrypted column. Its ciphertext is bound (as AES-GCM associated data) to the field and the row it belongs to,
/// <c>{table}:{row id, 32 hex digits}:{column}</c>, so a value copied into another row or column does not decrypt.
/// The names are part of what is stored: changing one makes every value already written unreadable.
/// </summary>
public sealed record PhiField(string Table, string Column)
{
    public byte[] AssociatedData(Guid rowId) => Encoding.ASCII.GetBytes($"{Table}:{rowId:N}:{Column}");

    public override string ToString() => $"{Table}.{Column}";
}

/// <summary>Every field of PHI the portal stores encrypted, in one place.</summary>
public static class PhiFields
{
    public static readonly PhiField PatientFullName = new("patient", "full-name");
    public static readonly PhiField PatientProfileDetails = new("patient-profile", "details");
    public static readonly PhiField DiagnosisCode = new("diagnosis", "code");
    public static readonly PhiField AppointmentDetails = new("appointment", "details");

    public static readonly PhiField MessageSubject = new("message", "subject");
    public static readonly PhiField MessageBody = new("message", "body");
    public static readonly PhiField AttachmentFileName = new("attachment", "file-name");
    public static readonly PhiField AttachmentContent = new("attachment", "content");

    /// <summary>An account's email address (patients' and the workforce's), under the organisation's account key.</summary>
    public static readonly PhiField AccountEmail = new("account", "email");

    public static readonly PhiField BreakGlassReason = new("break-glass", "reason");
    public static readonly PhiField RecipientKeyMaterial = new("recipient-key", "material");

    public static readonly PhiField FormDraft = new("form-assignment", "draft");
    public static readonly PhiField FormSubmissionRecord = new("form-submission", "record");
    public static readonly PhiField FormFileName = new("form-file", "file-name");
    public static readonly PhiField FormFileContent = new("form-file", "content");
    public static readonly PhiField PublicFormFileName = new("public-form-file", "file-name");
    public static readonly PhiField PublicFormFileContent = new("public-form-file", "content");

    public static IReadOnlyList<PhiField> All { get; } =
    [
        PatientFullName, PatientProfileDetails, DiagnosisCode, AppointmentDetails, MessageSubject, MessageBody, AttachmentFileName, AttachmentContent, AccountEmail, BreakGlassReason, RecipientKeyMaterial,
        FormDraft, FormSubmissionRecord, FormFileName, FormFileContent, PublicFormFileName, PublicFormFileContent,
    ];
}
