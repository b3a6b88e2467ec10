using Microsoft.Extensions.Options;
using Portal.Messaging.Notifications;

namespace Portal.Grains;

/// <summary>The pages a mail may link to, as path templates with <c>{id}</c> (and <c>{token}</c>, <c>{action}</c>). The
/// web host owns the routes and fills these in; nothing else in the product knows where a page lives.</summary>
public sealed class PortalLinkOptions
{
    public string? Message { get; set; }
    public string? FormAssignment { get; set; }
    public string? SignIn { get; set; }

    /// <summary>Takes the account's <c>{id}</c> and a one-time <c>{token}</c>.</summary>
    public string? PasswordReset { get; set; }

    /// <summary>Takes the account's <c>{id}</c> and a one-time <c>{token}</c>.</summary>
    public string? CompleteRegistration { get; set; }

    /// <summary>Takes the account's <c>{id}</c> and a one-time <c>{token}</c>.</summary>
    public string? AcceptInvitation { get; set; }

    /// <summary>The audit log filtered to one <c>{action}</c>.</summary>
    public string? AuditLog { get; set; }
}

/// <summary>The one place links into the portal are made: paths from the web host's templates, made absolute with
/// <see cref="NotificationOptions.PortalBaseUrl"/>. The ids in them are opaque; a link never carries patient data.</summary>
public sealed class PortalLinks(IOptions<PortalLinkOptions> links, IOptions<NotificationOptions> notifications)
{
    public string MessagePath(Guid messageId) => Fill(links.Value.Message, nameof(PortalLinkOptions.Message), messageId);

    public string FormAssignmentPath(Guid assignmentId) => Fill(links.Value.FormAssignment, nameof(PortalLinkOptions.FormAssignment), assignmentId);

    public string SignInPath() => Template(links.Value.SignIn, nameof(PortalLinkOptions.SignIn), "");

    public string PasswordResetPath(Guid userId, string token) =>
        WithToken(Fill(links.Value.PasswordReset, nameof(PortalLinkOptions.PasswordReset), userId), token);

    public string CompleteRegistrationPath(Guid userId, string token) =>
        WithToken(Fill(links.Value.CompleteRegistration, nameof(PortalLinkOptions.CompleteRegistration), userId), token);

    public string AcceptInvitationPath(Guid userId, string token) =>
        WithToken(Fill(links.Value.AcceptInvitation, nameof(PortalLinkOptions.AcceptInvitation), userId), token);

    public string AuditLogPath(string action) =>
        Template(links.Value.AuditLog, nameof(PortalLinkOptions.AuditLog), "{action}").Replace("{action}", Uri.EscapeDataString(action), StringComparison.Ordinal);

    public string Absolute(string path) => new Uri(new Uri(notifications.Value.PortalBaseUrl), path).AbsoluteUri;

    private static string Fill(string? template, string name, Guid id) =>
        Template(template, name, "{id}").Replace("{id}", id.ToString(), StringComparison.Ordinal);

    private static string WithToken(string path, string token) =>
        path.Contains("{token}", StringComparison.Ordinal)
            ? path.Replace("{token}", Uri.EscapeDataString(token), StringComparison.Ordinal)
            : throw new InvalidOperationException("A one-time link's template needs {token}.");

    private static string Template(string? template, string name, string placeholder) =>
        template is { Length: > 0 } && template.Contains(placeholder, StringComparison.Ordinal)
            ? template
            : throw new InvalidOperationException($"No link to the {name} page: the web host sets PortalLinkOptions.{name}.");
}
