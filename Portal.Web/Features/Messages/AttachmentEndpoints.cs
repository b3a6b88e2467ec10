using Portal.Grains.Patients;
using Portal.Web.Security;

namespace Portal.Web.Features.Messages;

/// <summary>
/// Attachment downloads and previews: the patient's own under /messages, a care team's under the
/// patient's staff pages. Everything that is not this reader's active attachment answers the same 404.
/// </summary>
public static class AttachmentEndpoints
{
    public static IEndpointRouteBuilder MapMessageAttachments(this IEndpointRouteBuilder app)
    {
        app.MapGet("/messages/attachments/{id:guid}", (Guid id, HttpContext context, IGrainFactory grains) =>
            PatientFileAsync(id, false, context, grains)).RequireAuthorization(PortalPolicies.Patient);
        app.MapGet("/messages/attachments/{id:guid}/preview", (Guid id, HttpContext context, IGrainFactory grains) =>
            PatientFileAsync(id, true, context, grains)).RequireAuthorization(PortalPolicies.Patient);
        app.MapGet("/staff/patients/{patientId:guid}/attachments/{id:guid}", (Guid patientId, Guid id, HttpContext context, IGrainFactory grains, PatientAccess access) =>
            StaffFileAsync(patientId, id, false, context, grains, access)).RequireAuthorization(PortalPolicies.Staff);
        app.MapGet("/staff/patients/{patientId:guid}/attachments/{id:guid}/preview", (Guid patientId, Guid id, HttpContext context, IGrainFactory grains, PatientAccess access) =>
            StaffFileAsync(patientId, id, true, context, grains, access)).RequireAuthorization(PortalPolicies.Staff);
        return app;
    }

    private static async Task<IResult> PatientFileAsync(Guid id, bool preview, HttpContext context, IGrainFactory grains) =>
        await grains.GetGrain<IPatientGrain>(context.User.UserId()).OpenAttachmentAsync(id, context.ToAuditActor()) is { } file
            ? AttachmentDownload.Write(file, preview)
            : Results.NotFound();

    private static async Task<IResult> StaffFileAsync(Guid patientId, Guid id, bool preview, HttpContext context, IGrainFactory grains, PatientAccess access)
    {
        var actor = context.ToAuditActor();
        // Without access the grain would refuse (and audit the refusal); answering 404 keeps the record's existence private.
        if (!await access.MayOpenAsync(actor, patientId))
        {
            try { await grains.GetGrain<IPatientGrain>(patientId).OpenAttachmentAsync(id, actor); }
            catch (UnauthorizedAccessException) { }
            return Results.NotFound();
        }
        return await grains.GetGrain<IPatientGrain>(patientId).OpenAttachmentAsync(id, actor) is { } file
            ? AttachmentDownload.Write(file, preview)
            : Results.NotFound();
    }
}
