using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Grains.Audience.Import;
using Portal.Web.Security;

namespace Portal.Web.Features.Staff.Import;

/// <summary>Staff upload a CSV file (patients, diagnoses or appointments) or a FHIR R4 bundle; the import runs in the
/// background and its page shows the progress and, per line, what was refused.</summary>
[RequestSizeLimit(MaxBytes + 64 * 1024)]
public sealed class IndexModel(ImportRuns runs, TimeProvider clock) : PageModel
{
    public const long MaxBytes = ImportFile.MaxBytes;

    public string? Error { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(IFormFile? file)
    {
        if (file is null || file.Length == 0) return Refuse("Choose a CSV file or a FHIR bundle (JSON) to import.");
        if (file.Length > MaxBytes) return Refuse("The file is larger than 50 MB: split it and import the parts one after another.");
        using var reader = new StreamReader(file.OpenReadStream(), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var text = await reader.ReadToEndAsync(HttpContext.RequestAborted);
        var (batch, source) = ImportFile.Read(text, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        var id = await runs.StartAsync(batch, source, HttpContext.ToAuditActor());
        return Redirect($"/staff/import/{id}");
    }

    private PageResult Refuse(string problem)
    {
        Error = problem;
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }
}
