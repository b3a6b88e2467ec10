using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Portal.Forms.Answers;
using Portal.Forms.Definitions;
using Portal.Forms.Validation;
using Portal.Grains.Forms;
using Portal.Web.Features.Forms;
using Portal.Web.Security;

namespace Portal.Web.Features.PublicForm;

/// <summary>
/// A public form (no sign-in) behind an unguessable link. Answers travel between pages in a hidden field encrypted
/// and authenticated by Data Protection (bound to the link, time-limited), so nothing is stored until the final
/// submit. Floods meet a per-address limit, a honeypot field and a minimum time to fill.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken(Order = 1001)]
public sealed class FillModel(Portal.Grains.Forms.PublicForms publicForms, FormValidator validator, IDataProtectionProvider protection,
    AttemptThrottle throttle, IOptions<PublicFormOptions> options, TimeProvider clock) : PageModel
{
    private const string ThrottleAction = "public-form";

    public string FormTitle { get; private set; } = "";
    public string? FormDescription { get; private set; }
    public FormStepView? Step { get; private set; }
    public bool Sent { get; private set; }
    public string? Problem { get; private set; }

    private sealed record State(string Answers, DateTimeOffset Started, string Nonce);

    public async Task<IActionResult> OnGetAsync(string token, bool sent = false)
    {
        if (await publicForms.FindAsync(token) is not { } found)
            return NotFound();
        FormTitle = found.Form.Definition.Title;
        FormDescription = found.Form.Definition.Description;
        Sent = sent;
        if (!sent)
        {
            var walk = new FormWalk(found.Form.Definition, new FormAnswers());
            Step = View(token, found.LinkId, walk, walk.Pages.FirstOrDefault(), [], null, NewState());
        }
        return Page();
    }

    public Task<IActionResult> OnPostGotoAsync(string token, string? step) => HandleAsync(token, isSubmission: false, (walk, state, link) =>
        Task.FromResult<IActionResult>(Show(token, link, walk, walk.FindPage(step), [], null, state)));

    public Task<IActionResult> OnPostPageAsync(string token, string? pageId, string? go) => HandleAsync(token, isSubmission: false, (walk, state, link) =>
    {
        if (walk.FindPage(pageId) is not { } page)
            return Task.FromResult<IActionResult>(Show(token, link, walk, walk.Pages.FirstOrDefault(), [], null, state));
        var posted = FormWalk.Posted(Request.Form);
        var (merged, errors) = walk.BindPage(page, posted, validator, validate: go != "back");
        if (errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            Step = View(token, link, walk, page, errors, posted, state, refused: merged);
            return Task.FromResult<IActionResult>(Page());
        }
        var next = new FormWalk(walk.Definition, FormWalk.Effective(walk.Definition, merged));
        var target = go == "back" ? next.Before(page) ?? page.Id : next.After(page);
        return Task.FromResult<IActionResult>(Show(token, link, next, next.FindPage(target), [], null, state));
    });

    public Task<IActionResult> OnPostSubmitAsync(string token) => HandleAsync(token, isSubmission: true, async (walk, state, link) =>
    {
        var posted = FormWalk.Posted(Request.Form);
        var (merged, errors) = walk.BindSignatures(posted);
        if (errors.Count == 0 && clock.GetUtcNow() - state.Started < options.Value.MinimumFillTime)
        {
            Problem = "That was sent quicker than a person can fill in this form. Please check your answers and submit again.";
            errors = [];
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Show(token, link, new FormWalk(walk.Definition, merged), null, errors, posted, state);
        }
        if (errors.Count == 0)
        {
            var outcome = await publicForms.SubmitAsync(token, merged, HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown", state.Nonce);
            if (outcome is null)
                return NotFound();
            if (outcome.Succeeded)
                return Redirect($"/f/{token}?sent=true");
            errors = [.. outcome.Problems.Select(p => new FieldError(p.FieldId, p.Message))];
        }
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Show(token, link, new FormWalk(walk.Definition, merged), null, errors, posted, state);
    });

    /// <summary>Common checks of every post; submissions (not page turns) count against the per-address limit.</summary>
    private async Task<IActionResult> HandleAsync(string token, bool isSubmission, Func<FormWalk, State, Guid, Task<IActionResult>> step)
    {
        if (await publicForms.FindAsync(token) is not { } found)
            return NotFound();
        if (!await IsValidAntiforgeryAsync())
            return BadRequest();
        if (isSubmission && this.IsOverLimit(throttle, ThrottleAction, null))
        {
            FormTitle = found.Form.Definition.Title;
            Problem = "Too many attempts from your network. Please wait a few minutes and try again.";
            return Page();
        }
        // The honeypot is invisible to people; a bot that fills it is told it succeeded and nothing is kept.
        if (!string.IsNullOrEmpty(Request.Form["website"]))
            return Redirect($"/f/{token}?sent=true");
        FormTitle = found.Form.Definition.Title;
        FormDescription = found.Form.Definition.Description;
        var state = ReadState(found.LinkId);
        if (state is null)
        {
            Problem = "This form was open too long or its data was changed. Please start again.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            var fresh = new FormWalk(found.Form.Definition, new FormAnswers());
            Step = View(token, found.LinkId, fresh, fresh.Pages.FirstOrDefault(), [], null, NewState());
            return Page();
        }
        return await step(new FormWalk(found.Form.Definition, SubmissionSeal.DeserializeAnswers(state.Answers)), state, found.LinkId);
    }

    // Anonymous pages still demand the anti-forgery token (checked by hand so an unknown link answers 404 first).
    private async Task<bool> IsValidAntiforgeryAsync() =>
        await HttpContext.RequestServices.GetRequiredService<Microsoft.AspNetCore.Antiforgery.IAntiforgery>().IsRequestValidAsync(HttpContext);

    private State NewState() => new("{}", clock.GetUtcNow(), Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)));

    private ITimeLimitedDataProtector Protector(Guid linkId) =>
        protection.CreateProtector("Portal.PublicForms.State", linkId.ToString("N")).ToTimeLimitedDataProtector();

    private State? ReadState(Guid linkId)
    {
        try
        {
            return JsonSerializer.Deserialize<State>(Protector(linkId).Unprotect(Request.Form["state"].ToString()));
        }
        catch (Exception e) when (e is CryptographicException or JsonException or FormatException)
        {
            return null;
        }
    }

    private PageResult Show(string token, Guid linkId, FormWalk walk, FormPage? page, IReadOnlyList<FieldError> errors,
        IReadOnlyDictionary<string, IReadOnlyList<string?>>? posted, State state)
    {
        Step = View(token, linkId, walk, page, errors, posted, state);
        return Page();
    }

    private FormStepView View(string token, Guid linkId, FormWalk walk, FormPage? page, IReadOnlyList<FieldError> errors,
        IReadOnlyDictionary<string, IReadOnlyList<string?>>? posted, State current, FormAnswers? refused = null)
    {
        var state = Protector(linkId).Protect(JsonSerializer.Serialize(current with { Answers = SubmissionSeal.Serialize(walk.Answers) }), options.Value.StateLifetime);
        return new FormStepView
        {
            Walk = walk,
            Page = page,
            Errors = errors,
            Posted = posted,
            Refused = refused,
            Action = $"/f/{token}",
            StepLink = _ => "",
            Hidden = [("state", state)],
            Honeypot = true,
        };
    }
}
