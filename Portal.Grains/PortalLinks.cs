using Microsoft.Extensions.Options;
using Portal.Messaging.Notifications;

namespace Portal.Grains;

/// <summary>The pages a mail may link to, as path templates with <c>{id}</c>. The web host owns the routes and fills
/// these in; nothing else in the product knows where a page lives.</summary>
public sealed class PortalLinkOptions
{
    public string? Message { get; set; }
    public string? FormAssignment { get; set; }
}

/// <summary>The one place links into the portal are made: paths from the web host's templates, made absolute with
/// <see cref="NotificationOptions.PortalBaseUrl"/>. The ids in them are opaque; a link never carries patient data.</summary>
public sealed class PortalLinks(IOptions<PortalLinkOptions> links, IOptions<NotificationOptions> notifications)
{
    public string MessagePath(Guid messageId) => Fill(links.Value.Message, nameof(PortalLinkOptions.Message), messageId);

    public string FormAssignmentPath(Guid assignmentId) => Fill(links.Value.FormAssignment, nameof(PortalLinkOptions.FormAssignment), assignmentId);

    public string Absolute(string path) => new Uri(new Uri(notifications.Value.PortalBaseUrl), path).AbsoluteUri;

    private static string Fill(string? template, string name, Guid id) =>
        template is { Length: > 0 } && template.Contains("{id}", StringComparison.Ordinal)
            ? template.Replace("{id}", id.ToString(), StringComparison.Ordinal)
            : throw new InvalidOperationException($"No link to the {name} page: the web host sets PortalLinkOptions.{name}.");
}
