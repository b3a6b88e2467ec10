using Portal.Grains.Audit;
using Portal.Grains.Forms;
using Portal.Grains.Patients;
using Portal.Web.Features.Messages;
using Portal.Web.Security;

namespace Portal.Web.Features.Forms;

/// <summary>
/// Files uploaded with a submitted form: the patient's own under /forms, a care team's under the patient's staff pages.
/// A submission or question that is not this reader's answers the same 404 as an unknown one.
/// </summary>
public static class FormFileEndpoints
{
    public static IEndpointRouteBuilder MapFormFiles(this IEndpointRouteBuilder app)
    {
        app.MapGet("/forms/submissions/{submissionId:guid}/files/{fieldId}", (Guid submissionId, string fieldId, HttpContext context, IGrainFactory grains) =>
            OpenAsync(grains.GetGrain<IPatientFormsGrain>(context.User.UserId()), submissionId, fieldId, context.ToAuditActor()))
            .RequireAuthorization(PortalPolicies.Patient);
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
        if (submission?.AssignmentId is not { } assignmentId)
            return Results.NotFound();
        return await grain.OpenFileAsync(assignmentId, fieldId, actor) is { } file
            ? AttachmentDownload.Write(new AttachmentContent(file.FileName, file.ContentType, file.Content), preview: false)
            : Results.NotFound();
    }
}
