using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Forms.Answers;
using Portal.Forms.Logic;
using Portal.Forms.Scoring;
using Portal.Forms.Versioning;
using Portal.Grains.Forms;
using Portal.Grains.Patients;
using Portal.Web.Security;

namespace Portal.Web.Features.Staff.Forms;

/// <summary>One submission as staff read it: answers, scores with bands, raised flags (PHQ-9 item 9) and the signature record.</summary>
public sealed class SubmissionModel(IGrainFactory grains, PatientAccess access, IFormLibrary library) : PageModel
{
    public Guid PatientId { get; private set; }
    public SubmissionView Submission { get; private set; } = null!;
    public PublishedForm Form { get; private set; } = null!;
    public FormAnswers Answers { get; private set; } = null!;
    public FormVisibility Visibility { get; private set; } = null!;
    public ScoreReport Scores { get; private set; } = null!;
    public bool Tampered { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid patientId, Guid submissionId)
    {
        var actor = HttpContext.ToAuditActor();
        if (await access.RequireAccessAsync(actor, patientId) is { } denied) return denied;
        PatientId = patientId;
        try
        {
            if (await grains.GetGrain<IPatientFormsGrain>(patientId).GetSubmissionAsync(submissionId, actor) is not { } view)
                return NotFound();
            Submission = view;
        }
        catch (SubmissionTamperedException)
        {
            Tampered = true;
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }
        Form = await library.GetPublishedAsync(Submission.FormId, Submission.FormVersion) ?? throw new InvalidOperationException("Form version missing.");
        Answers = SubmissionSeal.DeserializeAnswers(Submission.AnswersJson);
        Visibility = FormNavigator.Evaluate(Form.Definition, Answers);
        Scores = FormScorer.Score(Form.Definition, Answers);
        return Page();
    }
}
