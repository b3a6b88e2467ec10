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
/// submit, except the files answering upload questions: those are stored at once, encrypted under the session's own key
/// (that of its future submission), and removed if the form is never sent. Floods meet a per-address limit (on submissions
/// and on uploads), a honeypot field and a minimum time to fill.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken(Order = 1001)]
public sealed class FillModel(Portal.Grains.Forms.PublicForms publicForms, PublicFormFiles files, FormValidator validator, IDataProtectionProvider protection,
    AttemptThrottle throttle, IOptions<PublicFormOptions> options, IOptions<PublicFormUploadOptions> uploads, TimeProvider clock) : PageModel
{
    private const string ThrottleAction = "public-form";
    private const string UploadThrottleAction = "public-form-upload";
    // Room for the answers and multipart framing around the files themselves.
    private const long FormOverheadBytes = 1024 * 1024;

    public string FormTitle { get; private set; } = "";
    public string? FormDescription { get; private set; }
    public FormStepView? Step { get; private set; }
    public bool Sent { get; private set; }
    public string? Problem { get; private set; }

    private sealed record State(string Answers, DateTimeOffset Started, string Nonce, Guid SubmissionId, byte[] WrappedKey)
    {
        public PublicFormSession Session => new(SubmissionId, WrappedKey);
    }

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

    public Task<IActionResult> OnPostPageAsync(string token, string? pageId, string? go) => HandleAsync(token, isSubmission: false, async (walk, state, link) =>
    {
        if (walk.FindPage(pageId) is not { } page)
            return Show(token, link, walk, walk.Pages.FirstOrDefault(), [], null, state);
        var posted = FormWalk.Posted(Request.Form);
        var forward = go != "back";
        var (withFiles, fileErrors) = await StoreUploadsAsync(token, link, walk, page, state);
        if (fileErrors is null)
            return Page();
        walk = new FormWalk(walk.Definition, withFiles);
        var (merged, errors) = walk.BindPage(page, posted, validator, validate: forward);
        if (forward)
        {
            var fileIds = walk.PageFields(page).Where(f => f.Type == FieldType.FileUpload).Select(f => f.Id).ToHashSet();
            errors = [.. errors, .. validator.Validate(walk.Definition, merged).Errors.Where(e => fileIds.Contains(e.FieldId))];
        }
        errors = [.. fileErrors, .. errors.Where(e => !fileErrors.Any(f => f.FieldId == e.FieldId))];
        if (errors.Count > 0)
        {
            // Files that were accepted stay in the state, so they need not be chosen again.
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            Step = View(token, link, walk, page, errors, posted, state, refused: merged);
            return Page();
        }
        var next = new FormWalk(walk.Definition, FormWalk.Effective(walk.Definition, merged));
        var target = go == "back" ? next.Before(page) ?? page.Id : next.After(page);
        return Show(token, link, next, next.FindPage(target), [], null, state);
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
            var outcome = await publicForms.SubmitAsync(token, merged, ClientAddress, state.Nonce, state.Session);
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
        // No post may carry more than a whole session's files: refused before the body is read.
        var bodyLimit = uploads.Value.MaxBytesPerSession + FormOverheadBytes;
        if (Request.ContentLength > bodyLimit)
            return StatusCode(StatusCodes.Status413PayloadTooLarge);
        if (HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            size.MaxRequestBodySize = bodyLimit;
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

    /// <summary>Stores each file chosen on this page and puts its description into the answers; a question left without
    /// a new file keeps the one uploaded before. Errors is null when the address is over its upload limit (429 page set).</summary>
    private async Task<(FormAnswers Answers, IReadOnlyList<FieldError>? Errors)> StoreUploadsAsync(string token, Guid linkId, FormWalk walk, FormPage page, State state)
    {
        var answers = new FormAnswers(walk.Answers);
        var errors = new List<FieldError>();
        var chosen = walk.PageFields(page).Where(f => f.Type == FieldType.FileUpload)
            .Select(f => (Field: f, File: Request.HasFormContentType ? Request.Form.Files.GetFile(f.Id) : null))
            .Where(c => c.File is { Length: > 0 }).ToList();
        if (chosen.Count == 0)
            return (answers, errors);
        if (this.IsOverLimit(throttle, UploadThrottleAction, null))
        {
            Problem = "Too many uploads from your network. Please wait a few minutes and try again.";
            Step = View(token, linkId, walk, page, [], null, state);
            return (answers, null);
        }
        foreach (var (field, file) in chosen)
        {
            var limit = field.Rules?.MaxFileBytes ?? FileContentCheck.DefaultMaxBytes;
            if (file!.Length > limit)
            {
                errors.Add(new FieldError(field.Id, $"The file is larger than the {FileContentCheck.DescribeSize(limit)} allowed."));
                continue;
            }
            using var content = new MemoryStream();
            await file.CopyToAsync(content);
            var outcome = await files.StoreAsync(linkId, walk.Definition, state.Session, field.Id, file.FileName, content.ToArray(), ClientAddress);
            if (outcome?.Answer is { } answer)
                answers.Set(field.Id, answer);
            else
                errors.Add(new FieldError(field.Id, outcome?.Problem ?? "This file could not be taken."));
        }
        return (answers, errors);
    }

    private string ClientAddress => HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    // Anonymous pages still demand the anti-forgery token (checked by hand so an unknown link answers 404 first).
    private async Task<bool> IsValidAntiforgeryAsync() =>
        await HttpContext.RequestServices.GetRequiredService<Microsoft.AspNetCore.Antiforgery.IAntiforgery>().IsRequestValidAsync(HttpContext);

    private State NewState()
    {
        var session = publicForms.NewSession();
        return new("{}", clock.GetUtcNow(), Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)), session.SubmissionId, session.WrappedKey);
    }

    private ITimeLimitedDataProtector Protector(Guid linkId) =>
        protection.CreateProtector("Portal.PublicForms.State", linkId.ToString("N")).ToTimeLimitedDataProtector();

    private State? ReadState(Guid linkId)
    {
        try
        {
            var state = JsonSerializer.Deserialize<State>(Protector(linkId).Unprotect(Request.Form["state"].ToString()));
            return state is { SubmissionId: var id, WrappedKey.Length: > 0 } && id != Guid.Empty ? state : null;
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
            AcceptsUploads = true,
        };
    }
}
