using Microsoft.AspNetCore.Mvc;
using Portal.Grains.Audit;
using Portal.Grains.Patients;

namespace Portal.Web.Features.Staff;

/// <summary>Staff pages open a record only for its care team; anyone else is offered emergency access instead.</summary>
public static class StaffAccess
{
    public static async Task<IActionResult?> RequireAccessAsync(this PatientAccess access, AuditActor actor, Guid patientId) =>
        await access.MayOpenAsync(actor, patientId) ? null : new RedirectResult($"/staff/patients/{patientId}/emergency-access");
}
