using System.Reflection;
using Microsoft.AspNetCore.Identity;
using Portal.Data.Identity;

namespace Portal.Web.Security.Passwords;

/// <summary>
/// NIST SP 800-63B passwords: length (12 to 128) rather than composition rules, and no password
/// that appears in a list of common passwords, repeats or runs characters, or is easy to guess
/// from the account's own details. zxcvbn supplies the guessability estimate.
/// </summary>
public sealed class PasswordPolicyValidator : IPasswordValidator<PortalUser>
{
    public const int MaxLength = 128;
    private const int MinimumGuessScore = 3; // zxcvbn 3: "safely unguessable", ~10^8 guesses or more

    private static readonly Lazy<HashSet<string>> Common = new(LoadCommonPasswords);

    public async Task<IdentityResult> ValidateAsync(UserManager<PortalUser> manager, PortalUser user, string? password)
    {
        password ??= "";
        if (password.Length > MaxLength)
            return Failed("PasswordTooLong", $"Use at most {MaxLength} characters.");
        if (Common.Value.Contains(password.ToLowerInvariant()))
            return Failed("PasswordCommon", "This password is on a list of commonly used passwords. Choose another one.");

        var email = await manager.GetEmailAsync(user);
        var context = new[] { email, email?.Split('@')[0], user.DisplayName, "portal", "patient" }
            .Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s!).ToList();
        if (global::Zxcvbn.Zxcvbn.MatchPassword(password, context).Score < MinimumGuessScore)
            return Failed("PasswordGuessable", "This password would be easy to guess (for example a common word, a pattern, or your email). A few unrelated words make a strong password.");
        return IdentityResult.Success;
    }

    private static IdentityResult Failed(string code, string description) =>
        IdentityResult.Failed(new IdentityError { Code = code, Description = description });

    private static HashSet<string> LoadCommonPasswords()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Portal.Web.Security.Passwords.common-passwords.txt")
            ?? throw new InvalidOperationException("The common-password list is missing from the build.");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
            if (line.Length > 0 && !line.StartsWith("#!comment:", StringComparison.Ordinal))
                set.Add(line.ToLowerInvariant());
        return set;
    }
}
