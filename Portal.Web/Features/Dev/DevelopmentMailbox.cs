using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using MimeKit;
using Portal.Messaging.Sending;

namespace Portal.Web.Features.Dev;

/// <summary>Reads the development mail capture (the pickup directory) for the /dev/mail pages.</summary>
public sealed partial class DevelopmentMailbox(IOptions<SmtpOptions> options)
{
    public sealed record Summary(string Name, DateTimeOffset Date, string To, string Subject);
    public sealed record Detail(Summary Summary, string Text, IReadOnlyList<string> Links, string? Html, string? ListUnsubscribe);

    private string? Directory => string.IsNullOrWhiteSpace(options.Value.Host) ? options.Value.PickupDirectory : null;

    public bool IsEnabled => Directory is not null;

    public IReadOnlyList<Summary> List()
    {
        if (Directory is null || !System.IO.Directory.Exists(Directory)) return [];
        return new DirectoryInfo(Directory).GetFiles("*.eml")
            .OrderByDescending(f => f.Name)
            .Take(100)
            .Select(f => Summarise(f.Name, MimeMessage.Load(f.FullName)))
            .ToList();
    }

    public Detail? Find(string name)
    {
        // Only plain file names from the listing are accepted: no path can escape the capture folder.
        if (Directory is null || !SafeName().IsMatch(name)) return null;
        var path = Path.Combine(Directory, name);
        if (!File.Exists(path)) return null;
        var message = MimeMessage.Load(path);
        var text = message.TextBody ?? "";
        var links = LinkPattern().Matches(text).Select(m => m.Value).Distinct().ToList();
        return new Detail(Summarise(name, message), text, links, message.HtmlBody, message.Headers["List-Unsubscribe"]);
    }

    private static Summary Summarise(string name, MimeMessage message) =>
        new(name, message.Date, string.Join(", ", message.To.Mailboxes.Select(m => m.Address)), message.Subject ?? "");

    [GeneratedRegex(@"^[0-9A-Za-z\-]+\.eml$")]
    private static partial Regex SafeName();

    [GeneratedRegex(@"https?://[^\s<>""]+")]
    private static partial Regex LinkPattern();
}
