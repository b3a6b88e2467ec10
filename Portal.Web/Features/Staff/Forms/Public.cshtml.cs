using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Grains.Forms;
using Portal.Web.Security;

namespace Portal.Web.Features.Staff.Forms;

/// <summary>Staff turn public links on and off and see public submissions waiting to be attached to a patient record.</summary>
public sealed class PublicModel(PublicForms publicForms, IFormLibrary library) : PageModel
{
    public IReadOnlyList<FormListing> Forms { get; private set; } = [];
    public IReadOnlyList<PublicForms.PublicLink> Links { get; private set; } = [];
    public IReadOnlyList<PublicForms.UnattachedSubmission> Unattached { get; private set; } = [];
    public string? NewLink { get; private set; }
    public string? Error { get; private set; }

    public Task OnGetAsync() => LoadAsync();

    public async Task<IActionResult> OnPostCreateAsync(string formId)
    {
        try
        {
            var token = await publicForms.CreateLinkAsync(formId, HttpContext.ToAuditActor());
            NewLink = $"{Request.Scheme}://{Request.Host}/f/{token}";
        }
        catch (FormLibraryException e)
        {
            Error = e.Message;
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostDisableAsync(Guid linkId)
    {
        await publicForms.DisableLinkAsync(linkId, HttpContext.ToAuditActor());
        return Redirect("/staff/forms/public");
    }

    private async Task LoadAsync()
    {
        Forms = [.. (await library.ListAsync()).Where(f => f.LatestVersion is not null).OrderBy(f => f.Title)];
        Links = await publicForms.ListLinksAsync();
        Unattached = await publicForms.ListUnattachedAsync();
    }
}
