using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Grains.Audit;
using Portal.Web.Security;
using QRCoder;
using Portal.Data.Identity;
using Portal.Grains.Identity;

namespace Portal.Web.Features.Account;

/// <summary>Authenticator-app enrolment: the only page an account without a second factor can reach.</summary>
[Authorize(Policy = PortalPolicies.PasswordVerified)]
public sealed class EnrolTotpModel(UserManager<PortalUser> users, SecondFactorEnrolment enrolment, IRecoveryCodes recoveryCodes, IAuditLog audit) : PageModel
{
    public const string Issuer = "Patient Portal";

    [BindProperty, Required, MaxLength(16)] public string Code { get; set; } = "";
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public string SharedKey { get; private set; } = "";
    public string QrCodeDataUri { get; private set; } = "";
    public string? Error { get; private set; }

    /// <summary>Set once enrolment succeeded: the recovery codes, shown this one time.</summary>
    public IReadOnlyList<string>? RecoveryCodes { get; private set; }
    public string ContinueUrl => SignInMessages.SafeReturnUrl(ReturnUrl);

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return RedirectToPage("/Account/Login");
        if (await RefusalAsync(user) is { } refused) return refused;
        await LoadKeyAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return RedirectToPage("/Account/Login");
        if (await RefusalAsync(user) is { } refused) return refused;

        var valid = ModelState.IsValid && await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, Code);
        var actor = new AuditActor(user.Id, User.PortalRole(), HttpContext.Connection.RemoteIpAddress?.ToString());
        await audit.WriteAsync(new AuditRecord(AuditActions.TotpEnrolled, valid ? AuditOutcomes.Success : AuditOutcomes.Failure, actor));
        if (!valid)
        {
            Error = "That code did not match. Wait for the next code in your app and try again.";
            await LoadKeyAsync(user);
            return Page();
        }

        await enrolment.CompleteFirstFactorAsync(user);
        RecoveryCodes = await recoveryCodes.RegenerateAsync(user.Id);
        await audit.WriteAsync(new AuditRecord(AuditActions.RecoveryCodesGenerated, AuditOutcomes.Success, actor));
        return Page();
    }

    /// <summary>
    /// This page sets up the first second factor only. An enrolled account changes factors in security
    /// settings; a password-only session of an enrolled account (another browser that had the password)
    /// gets neither the secret nor a session, and must sign in with the second factor.
    /// </summary>
    private async Task<IActionResult?> RefusalAsync(PortalUser user)
    {
        switch (await enrolment.CheckAsync(User, user))
        {
            case SecondFactorEnrolment.Permission.FirstFactor:
                return null;
            case SecondFactorEnrolment.Permission.Refused:
                await audit.WriteAsync(new AuditRecord(AuditActions.TotpEnrolled, AuditOutcomes.Denied, HttpContext.ToAuditActor()));
                await enrolment.EndPasswordOnlySessionAsync(User);
                return RedirectToPage("/Account/Login", new { returnUrl = ContinueUrl });
            default:
                return Redirect("/");
        }
    }

    private async Task LoadKeyAsync(PortalUser user)
    {
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = (await users.GetAuthenticatorKeyAsync(user))!;
        }
        SharedKey = string.Join(' ', key.Chunk(4).Select(c => new string(c)));
        var label = Uri.EscapeDataString($"{Issuer}:{await users.GetEmailAsync(user)}");
        var uri = $"otpauth://totp/{label}?secret={key}&issuer={Uri.EscapeDataString(Issuer)}&digits=6&period=30";
        using var qr = QRCodeGenerator.GenerateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        QrCodeDataUri = "data:image/png;base64," + Convert.ToBase64String(new PngByteQRCode(qr).GetGraphic(8));
    }
}
