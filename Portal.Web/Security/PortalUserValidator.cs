using Microsoft.AspNetCore.Identity;
using Portal.Data.Identity;
using Portal.Grains.Identity;

namespace Portal.Web.Security;

/// <summary>
/// Identity's rules for accounts, except that a patient record nobody can sign in to yet (no password: added by
/// staff or imported without an email) may have no email. Every account that can sign in still needs a unique one.
/// </summary>
public sealed class PortalUserValidator(IdentityErrorDescriber errors) : UserValidator<PortalUser>(errors)
{
    public override async Task<IdentityResult> ValidateAsync(UserManager<PortalUser> manager, PortalUser user)
    {
        var result = await base.ValidateAsync(manager, user);
        if ((await manager.GetEmailAsync(user))?.Length > AccountEmails.MaxLength)
            return IdentityResult.Failed([.. result.Errors, new IdentityError { Code = nameof(IdentityErrorDescriber.InvalidEmail), Description = $"Use an email address of at most {AccountEmails.MaxLength} characters." }]);
        if (result.Succeeded || user.Email is not null || user.PasswordHash is not null)
            return result;
        var remaining = result.Errors.Where(e => e.Code != nameof(IdentityErrorDescriber.InvalidEmail)).ToArray();
        return remaining.Length == 0 ? IdentityResult.Success : IdentityResult.Failed(remaining);
    }
}
