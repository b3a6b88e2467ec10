namespace Portal.Web.Features.Account;

public static class SignInMessages
{
    /// <summary>One message for every failure (wrong password, wrong or reused code, locked account),
    /// so the answer never tells an attacker which part was wrong or whether the account exists.</summary>
    public const string Generic = "Sign-in failed. Check your email, password and code, then try again. After several failures, sign-in is paused for 15 minutes.";

    /// <summary>A password-only session tried to set up a second factor on an account that has one.</summary>
    public const string AlreadyEnrolled = "This account already has a second sign-in step. Sign in again and use it.";

    public const string Throttled = "There have been too many attempts. Wait a few minutes, then try again.";

    /// <summary>Only local paths are followed after sign-in, so a crafted link cannot send a user elsewhere.</summary>
    public static string SafeReturnUrl(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//")
            // Browsers drop tabs and newlines and read '\' as '/', so "/\t/evil" would become "//evil".
            && !returnUrl.Any(c => char.IsControl(c) || c == '\\' || char.IsWhiteSpace(c))
            ? returnUrl
            : "/";
}
