using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Portal.Data.Identity;

namespace Portal.Web.Security;

/// <summary>
/// Spends the cost of one password verification when there is no real one to do (unknown or
/// locked account), so response time does not tell whether an account exists or is locked.
/// </summary>
public sealed class EqualTimePasswordCheck
{
    private readonly IPasswordHasher<PortalUser> _hasher;
    private readonly PortalUser _nobody = new();
    private readonly string _hash;

    // Identity's hasher is scoped; an own instance with the same options costs the same per check.
    public EqualTimePasswordCheck(Microsoft.Extensions.Options.IOptions<PasswordHasherOptions> options)
    {
        _hasher = new PasswordHasher<PortalUser>(options);
        _hash = _hasher.HashPassword(_nobody, Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)));
    }

    public void SpendEquivalentTime(string password) => _hasher.VerifyHashedPassword(_nobody, _hash, password);
}
