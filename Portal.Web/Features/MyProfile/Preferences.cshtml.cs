using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Data.Audience;
using Portal.Grains.Audience.Consent;
using Portal.Grains.Forms;
using Portal.Web.Security;

namespace Portal.Web.Features.MyProfile;

/// <summary>A patient's communication preferences per purpose, and the marketing authorisation they may sign or revoke.</summary>
public sealed class PreferencesModel(IGrainFactory grains) : PageModel
{
    public ConsentView Consent { get; private set; } = null!;
    public string? Notice { get; private set; }

    private IPatientConsentGrain Grain => grains.GetGrain<IPatientConsentGrain>(HttpContext.ToAuditActor().UserId);

    public async Task OnGetAsync()
    {
        Consent = await Grain.GetAsync(HttpContext.ToAuditActor());
        Notice = Request.Query["done"].ToString() switch
        {
            "saved" => "Your preferences are saved.",
            "revoked" => "Your authorisation is revoked: you will get no more marketing from us.",
            _ => null,
        };
    }

    /// <summary>The purposes ticked stay allowed by email; the others are refused.</summary>
    public async Task<IActionResult> OnPostSaveAsync(List<ContactPurpose> allowed)
    {
        var actor = HttpContext.ToAuditActor();
        var current = await Grain.GetAsync(actor);
        foreach (var preference in current.Preferences)
        {
            var wanted = allowed.Contains(preference.Purpose);
            if (wanted != preference.Allowed) await Grain.SetPreferenceAsync(preference.Purpose, preference.Channel, wanted, actor);
        }
        return Redirect("/preferences?done=saved");
    }

    public async Task<IActionResult> OnPostAuthoriseAsync()
    {
        var actor = HttpContext.ToAuditActor();
        var assignment = await grains.GetGrain<IPatientFormsGrain>(actor.UserId).RequestAuthorisationFormAsync(actor);
        return Redirect($"/forms/{assignment}");
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid authorisationId) =>
        await Grain.RevokeAuthorisationAsync(authorisationId, HttpContext.ToAuditActor()) ? Redirect("/preferences?done=revoked") : NotFound();

    public static string Describe(ContactPurpose purpose) => purpose switch
    {
        ContactPurpose.CareMessages => "Notices of new secure messages from your care team",
        ContactPurpose.Reminders => "Appointment, form and care reminders",
        ContactPurpose.Education => "Health information and education",
        ContactPurpose.Marketing => "News about our services and programmes (marketing)",
        _ => purpose.ToString(),
    };
}
