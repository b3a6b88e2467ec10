using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Forms.Answers;
using Portal.Forms.Logic;
using Portal.Grains.Forms;
using Portal.Grains.Patients;
using Portal.Web.Security;

namespace Portal.Web.Features.Staff.Forms;

/// <summary>A public submission read (audited) to find whose it is, then attached to a patient of the reader's care team.</summary>
public sealed class PublicSubmissionModel(PublicForms publicForms, IFormLibrary library, IPatientDirectory directory, IGrainFactory grains, PatientAccess access) : PageModel
{
    public SubmissionView Submission { get; private set; } = null!;
    public string FormTitle { get; private set; } = "";
    public FormVisibility Visibility { get; private set; } = null!;
    public FormAnswers Answers { get; private set; } = null!;
    public IReadOnlyList<PatientSummary> Patients { get; private set; } = [];
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid submissionId)
    {
        var actor = HttpContext.ToAuditActor();
        if (await publicForms.OpenUnattachedAsync(submissionId, actor) is not { } view)
            return NotFound();
        Submission = view;
        var form = await library.GetPublishedAsync(view.FormId, view.FormVersion) ?? throw new InvalidOperationException("Form version missing.");
        FormTitle = form.Definition.Title;
        Answers = SubmissionSeal.DeserializeAnswers(view.AnswersJson);
        Visibility = FormNavigator.Evaluate(form.Definition, Answers);
        Patients = await directory.ListAsync(actor);
        return Page();
    }

    public async Task<IActionResult> OnPostAttachAsync(Guid submissionId, Guid patientId)
    {
        var actor = HttpContext.ToAuditActor();
        if (!await access.MayOpenAsync(actor, patientId))
        {
            Error = "Choose a patient of your care team.";
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return await OnGetAsync(submissionId);
        }
        if (!await grains.GetGrain<IPatientFormsGrain>(patientId).AttachPublicSubmissionAsync(submissionId, actor))
            return NotFound();
        return Redirect($"/staff/patients/{patientId}/submissions/{submissionId}");
    }
}
