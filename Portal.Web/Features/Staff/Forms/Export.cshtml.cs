using System.IO.Compression;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Forms.Rendering;
using Portal.Forms.Submissions;
using Portal.Grains.Audit;
using Portal.Grains.Forms;
using Portal.Grains.Patients;
using Portal.Web.Security;

namespace Portal.Web.Features.Staff.Forms;

/// <summary>PHI export: one submission as a PDF, several as a zip of PDFs. Needs a fresh second factor; every file is audited.</summary>
[RequireRecentSecondFactor]
public sealed class ExportModel(IGrainFactory grains, PatientAccess access, IFormLibrary library, ISubmissionPdfRenderer renderer, IAuditLog audit) : PageModel
{
    public const int MaxPerExport = 100;

    public async Task<IActionResult> OnGetAsync(Guid patientId, [FromQuery(Name = "id")] Guid[] ids)
    {
        var actor = HttpContext.ToAuditActor();
        if (await access.RequireAccessAsync(actor, patientId) is { } denied) return denied;
        ids = [.. ids.Distinct()];
        if (ids.Length is 0 or > MaxPerExport)
            return BadRequest($"Choose 1 to {MaxPerExport} submissions to export.");

        var patient = await grains.GetGrain<IPatientGrain>(patientId).GetSummaryAsync(actor);
        if (patient is null) return NotFound();
        var formsGrain = grains.GetGrain<IPatientFormsGrain>(patientId);
        var files = new List<(string Name, byte[] Pdf)>();
        foreach (var id in ids)
        {
            SubmissionView? view;
            try { view = await formsGrain.GetSubmissionAsync(id, actor); }
            catch (SubmissionTamperedException) { return StatusCode(StatusCodes.Status409Conflict, "A chosen submission no longer matches what was signed and cannot be exported."); }
            if (view is null) return NotFound();
            var form = await library.GetPublishedAsync(view.FormId, view.FormVersion) ?? throw new InvalidOperationException("Form version missing.");
            var submission = new FormSubmission
            {
                Id = view.SubmissionId,
                FormId = view.FormId,
                FormVersion = view.FormVersion,
                FormContentHash = view.FormContentHash,
                Answers = SubmissionSeal.DeserializeAnswers(view.AnswersJson),
                SubmittedAtUtc = view.SignedAtUtc,
                PatientReference = $"{patient.FullName} (record {patientId})",
                Signature = new SignatureEvidence(view.SignerReference, view.SignedAtUtc, view.IpAddress),
                SignedContentHash = view.SignedContentHash,
            };
            files.Add(($"{view.FormId}-v{view.FormVersion}-{view.SignedAtUtc.UtcDateTime:yyyyMMdd-HHmmss}-{view.SubmissionId.ToString()[..8]}.pdf", renderer.Render(form, submission)));
            await audit.WriteAsync(new AuditRecord(AuditActions.FormSubmissionExport, AuditOutcomes.Success, actor, patientId, id.ToString()));
        }

        Response.Headers.CacheControl = "no-store";
        if (files.Count == 1)
            return File(files[0].Pdf, "application/pdf", files[0].Name);
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, pdf) in files)
            {
                await using var entry = await zip.CreateEntry(name, CompressionLevel.Optimal).OpenAsync();
                await entry.WriteAsync(pdf);
            }
        }
        return File(buffer.ToArray(), "application/zip", $"submissions-{DateTime.UtcNow:yyyyMMdd-HHmmss}.zip");
    }
}
