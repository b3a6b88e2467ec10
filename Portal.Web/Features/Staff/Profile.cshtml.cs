using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Data.Audience;
using Portal.Grains.Audience;
using Portal.Grains.Patients;
using Portal.Web.Infrastructure;
using Portal.Web.Security;

namespace Portal.Web.Features.Staff;

/// <summary>The care team's view of a patient's profile: demographics, diagnoses and appointments, each editable.</summary>
public sealed class ProfileModel(IGrainFactory grains, PatientAccess access, TimeProvider clock) : PageModel
{
    public PatientProfileView Profile { get; private set; } = null!;
    public string? Error { get; private set; }
    public string? Notice { get; private set; }

    [BindProperty] public ProfileForm Form { get; set; } = new();

    public sealed class ProfileForm
    {
        public string FullName { get; set; } = "";
        public DateOnly? DateOfBirth { get; set; }
        public AdministrativeSex Sex { get; set; }
        public string? Language { get; set; }
        public string? Phone { get; set; }
        public string? AddressLine { get; set; }
        public string? City { get; set; }
        public string? PostalCode { get; set; }
        public string? TimeZone { get; set; }
        public string? RecordNumber { get; set; }
        public string? RiskFlags { get; set; }
        public string? Tags { get; set; }
        public DateOnly? LastVisit { get; set; }
    }

    private IPatientProfileGrain Grain(Guid patientId) => grains.GetGrain<IPatientProfileGrain>(patientId);

    public async Task<IActionResult> OnGetAsync(Guid patientId)
    {
        if (await access.RequireAccessAsync(HttpContext.ToAuditActor(), patientId) is { } denied) return denied;
        return await ShowAsync(patientId, fillForm: true);
    }

    public async Task<IActionResult> OnPostDetailsAsync(Guid patientId)
    {
        var actor = HttpContext.ToAuditActor();
        if (await access.RequireAccessAsync(actor, patientId) is { } denied) return denied;
        if (!ModelState.IsValid) return await RefuseAsync(patientId, "Check the dates: they must be real dates.");
        var details = new ProfileDetails
        {
            DateOfBirth = Form.DateOfBirth, Sex = Form.Sex, Language = Blank(Form.Language), Phone = Blank(Form.Phone), AddressLine = Blank(Form.AddressLine),
            City = Blank(Form.City), PostalCode = Blank(Form.PostalCode), TimeZone = Blank(Form.TimeZone), RecordNumber = Blank(Form.RecordNumber),
            RiskFlags = Labels(Form.RiskFlags), Tags = Labels(Form.Tags), LastVisit = Form.LastVisit,
        };
        var current = await Grain(patientId).GetProfileAsync(actor);
        if (current is null) return NotFound();
        // The external id comes from imports; the form leaves it as it is.
        details = details with { ExternalId = current.Details.ExternalId };
        var problem = await Grain(patientId).UpdateProfileAsync(Form.FullName == current.FullName ? null : Form.FullName, details, actor);
        return problem is null ? Redirect($"/staff/patients/{patientId}/profile?saved=details") : await RefuseAsync(patientId, problem);
    }

    public async Task<IActionResult> OnPostAddDiagnosisAsync(Guid patientId, CodeSystem system, string? code, string? display, DateOnly? recorded)
    {
        var actor = HttpContext.ToAuditActor();
        if (await access.RequireAccessAsync(actor, patientId) is { } denied) return denied;
        if (string.IsNullOrWhiteSpace(code)) return await RefuseAsync(patientId, "Enter a diagnosis code.", fillForm: true);
        var problem = await Grain(patientId).AddDiagnosisAsync(new NewDiagnosis(system, code, Blank(display), recorded), actor);
        return problem is null ? Redirect($"/staff/patients/{patientId}/profile?saved=diagnosis") : await RefuseAsync(patientId, problem, fillForm: true);
    }

    public async Task<IActionResult> OnPostRemoveDiagnosisAsync(Guid patientId, Guid diagnosisId)
    {
        var actor = HttpContext.ToAuditActor();
        if (await access.RequireAccessAsync(actor, patientId) is { } denied) return denied;
        return await Grain(patientId).RemoveDiagnosisAsync(diagnosisId, actor) ? Redirect($"/staff/patients/{patientId}/profile?saved=removed") : NotFound();
    }

    public async Task<IActionResult> OnPostAppointmentAsync(Guid patientId, DateTime? start, AppointmentStatus status, string? location, string? type, string? clinician)
    {
        var actor = HttpContext.ToAuditActor();
        if (await access.RequireAccessAsync(actor, patientId) is { } denied) return denied;
        if (start is null) return await RefuseAsync(patientId, "Enter the appointment's date and time.", fillForm: true);
        var profile = await Grain(patientId).GetProfileAsync(actor);
        if (profile is null) return NotFound();
        if (PatientTime.ToUtc(DateTime.SpecifyKind(start.Value, DateTimeKind.Unspecified), profile.Details.TimeZone) is not { } startUtc)
            return await RefuseAsync(patientId, "That time does not exist in the patient's time zone (the clocks change then).", fillForm: true);
        var problem = await Grain(patientId).SaveAppointmentAsync(new AppointmentUpdate(startUtc, status, Blank(location), Blank(type), Blank(clinician)), actor);
        return problem is null ? Redirect($"/staff/patients/{patientId}/profile?saved=appointment") : await RefuseAsync(patientId, problem, fillForm: true);
    }

    public int? Age => Profile.Details.DateOfBirth is { } dob ? PatientTime.AgeOn(dob, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime)) : null;

    private async Task<IActionResult> ShowAsync(Guid patientId, bool fillForm)
    {
        var profile = await Grain(patientId).GetProfileAsync(HttpContext.ToAuditActor());
        if (profile is null) return NotFound();
        Profile = profile;
        Notice ??= Request.Query["saved"].ToString() switch
        {
            "details" => "Profile saved.",
            "diagnosis" => "Diagnosis added.",
            "removed" => "Diagnosis removed.",
            "appointment" => "Appointment saved.",
            _ => null,
        };
        if (fillForm)
        {
            var d = profile.Details;
            Form = new ProfileForm
            {
                FullName = profile.FullName, DateOfBirth = d.DateOfBirth, Sex = d.Sex, Language = d.Language, Phone = d.Phone, AddressLine = d.AddressLine,
                City = d.City, PostalCode = d.PostalCode, TimeZone = d.TimeZone, RecordNumber = d.RecordNumber, RiskFlags = string.Join(", ", d.RiskFlags),
                Tags = string.Join(", ", d.Tags), LastVisit = d.LastVisit,
            };
        }
        return Page();
    }

    // The form keeps what was typed, so nothing is lost to a refusal; what is stored stays as it was.
    private async Task<IActionResult> RefuseAsync(Guid patientId, string problem, bool fillForm = false)
    {
        Error = problem;
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return await ShowAsync(patientId, fillForm);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static IReadOnlyList<string> Labels(string? text) => ProfileRules.CleanLabels((text ?? "").Split(','));
}
