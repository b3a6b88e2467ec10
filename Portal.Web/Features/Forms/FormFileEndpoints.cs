using Portal.Grains.Audit;
using Portal.Grains.Forms;
using Portal.Grains.Patients;
using Portal.Web.Features.Messages;
using Portal.Web.Security;

namespace Portal.Web.Features.Forms;

/// <summary>
/// Files uploaded with a submitted form: the patient's own under /forms, a care team's under the patient's staff pages,
/// and those of a public submission not yet attached to a patient, for the staff who review it.
/// A submission or question that is not this reader's answers the same 404 as an unknown one.
/// </summary>
public static class FormFileEndpoints
{
    public static IEndpointRouteBuilder MapFormFiles(this IEndpointRouteBuilder app)
    {
        app.MapGet("/forms/submissions/{submissionId:guid}/files/{fieldId}", (Guid submissionId, string fieldId, HttpContext context, IGrainFactory grains) =>
            OpenAsync(grains.GetGrain<IPatientFormsGrain>(context.User.UserId()), submissionId, fieldId, context.ToAuditActor()))
            .RequireAuthorization(PortalPolicies.Patient);
        app.MapGet("/staff/forms/public/{submissionId:guid}/files/{fieldId}", async (Guid submissionId, string fieldId, HttpContext context, PublicFormFiles files) =>
            await files.OpenUnattachedAsync(submissionId, fieldId, context.ToAuditActor()) is { } file
                ? AttachmentDownload.Write(new AttachmentContent(file.FileName, file.ContentType, file.Content), preview: false)
                : Results.NotFound())
            .RequireAuthorization(PortalPolicies.Staff);
        app.MapGet("/staff/patients/{patientId:guid}/submissions/{submissionId:guid}/files/{fieldId}",
            async (Guid patientId, Guid submissionId, string fieldId, HttpContext context, IGrainFactory grains, PatientAccess access) =>
            {
                var actor = context.ToAuditActor();
                // Without access the grain would refuse (and audit the refusal); answering 404 keeps the record's existence private.
                if (!await access.MayOpenAsync(actor, patientId))
                {
                    try { await grains.GetGrain<IPatientFormsGrain>(patientId).GetSubmissionAsync(submissionId, actor); }
                    catch (UnauthorizedAccessException) { }
                    return Results.NotFound();
                }
                return await OpenAsync(grains.GetGrain<IPatientFormsGrain>(patientId), submissionId, fieldId, actor);
            }).RequireAuthorization(PortalPolicies.Staff);
        return app;
    }

    private static async Task<IResult> OpenAsync(IPatientFormsGrain grain, Guid submissionId, string fieldId, AuditActor actor)
    {
        SubmissionView? submission;
        try { submission = await grain.GetSubmissionAsync(submissionId, actor); }
        catch (SubmissionTamperedException) { return Results.Conflict(); }
        if (submission is null)
            return Results.NotFound();
        var file = submission.AssignmentId is { } assignmentId
            ? await grain.OpenFileAsync(assignmentId, fieldId, actor)
            : await grain.OpenPublicFileAsync(submission.SubmissionId, fieldId, actor);
        return file is not null
            ? AttachmentDownload.Write(new AttachmentContent(file.FileName, file.ContentType, file.Content), preview: false)
            : Results.NotFound();
    }
}
