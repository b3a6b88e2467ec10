using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Forms.Instruments;
using Portal.Grains.Forms;
using Portal.Web.Security;

namespace Portal.Web.Features.FormBuilder;

/// <summary>The organisation's forms: create one, open one in the builder, see what is published.</summary>
[Authorize(Policy = PortalPolicies.Staff)]
public sealed class IndexModel(IFormLibrary library, IInstrumentCatalogue instruments) : PageModel
{
    public IReadOnlyList<FormListing> Forms { get; private set; } = [];
    public string? Error { get; private set; }

    [BindProperty] public string Title { get; set; } = "";

    public bool IsBuiltIn(string formId) => instruments.Find(formId) is not null;

    public async Task OnGetAsync() => Forms = await library.ListAsync(HttpContext.RequestAborted);

    public async Task<IActionResult> OnPostAsync()
    {
        try
        {
            var formId = await library.CreateAsync(Title, HttpContext.ToAuditActor(), HttpContext.RequestAborted);
            return Redirect($"/staff/forms/{formId}/edit");
        }
        catch (FormLibraryException e)
        {
            Error = e.Message;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await OnGetAsync();
            return Page();
        }
    }
}
