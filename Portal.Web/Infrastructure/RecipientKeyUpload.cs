using Portal.Grains.Audit;
using Portal.Grains.Patients;
using Portal.Data.Patients;

namespace Portal.Web.Infrastructure;

/// <summary>A certificate or OpenPGP key uploaded as a file, by staff for a patient or by the patient.</summary>
public static class RecipientKeyUpload
{
    /// <summary>Returns why the upload was refused, or null when the key was added.</summary>
    public static async Task<string?> AddUploadedAsync(this RecipientKeys keys, AuditActor actor, Guid patientId, RecipientKeyKind kind, IFormFile? file, CancellationToken cancellationToken)
    {
        if (!Enum.IsDefined(kind) || file is null || file.Length is 0 or > RecipientKeys.MaxBytes)
            return "Choose whether it is a certificate or an OpenPGP key, and one file of at most 20 KB.";
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, cancellationToken);
        return await keys.AddAsync(actor, patientId, kind, buffer.ToArray());
    }
}
