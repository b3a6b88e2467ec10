namespace Portal.Web.Security;

public static class SessionClaims
{
    /// <summary>Names the server-side session row; the cookie carries nothing else about the session.</summary>
    public const string SessionId = "sid";

    /// <summary>Identity's authentication-method claim; "mfa" once a second factor was proved.</summary>
    public const string AuthenticationMethod = "amr";
    public const string MultiFactor = "mfa";
}
