using System.Net;
using Portal.Messaging.Sending;

namespace Portal.Messaging.Delivery;

/// <summary>
/// One SMTP server to hand mail to, and how. Connections are pooled per
/// host, port, security and account; limits (connections, send rate) apply per <see cref="Domain"/>.
/// </summary>
/// <param name="Host">Server host name. Certificates are checked against this name, so it must be the MX or relay name, not an address.</param>
/// <param name="Port">Server port (25 for direct delivery, usually 587 or 465 for a relay).</param>
/// <param name="Security">Transport security. <see cref="SmtpSecurity.None"/> is refused for any host that is not loopback.</param>
/// <param name="Domain">What the per-domain limits count against: the recipient domain for direct delivery, the relay host for a relay.</param>
public sealed record SmtpDestination(string Host, int Port, SmtpSecurity Security, string Domain)
{
    /// <summary>Account to authenticate with after TLS is up; null for direct delivery.</summary>
    public NetworkCredential? Credentials { get; init; }

    // The account is part of the key: a connection authenticated as one sender must not be lent to another.
    internal string ConnectionKey =>
        $"{Host.TrimEnd('.').ToLowerInvariant()}:{Port}:{Security}:{Credentials?.UserName}";

    /// <summary>The mailbox provider the host belongs to (<see cref="MailboxProviders"/>): limits then count against
    /// the provider, shared by every domain it hosts.</summary>
    public string? Provider { get; init; }

    internal string LimitKey => Provider is { } provider ? "provider:" + provider : Domain.TrimEnd('.').ToLowerInvariant();
}
