using System.Net;
using Microsoft.Extensions.Options;

namespace Portal.Messaging.Delivery;

/// <summary>
/// Sends every domain's mail to one authenticated smart host. Limits count against the relay
/// itself, since that is the one server all sessions go to.
/// </summary>
public sealed class RelayRoute(IOptions<RelayOptions> options) : IDeliveryRoute
{
    private readonly SmtpDestination _destination = ToDestination(options.Value);

    /// <inheritdoc />
    public Task<RouteResolution> ResolveAsync(string recipientDomain, CancellationToken cancellationToken) =>
        Task.FromResult(RouteResolution.Routed([_destination], "Relay."));

    private static SmtpDestination ToDestination(RelayOptions relay)
    {
        var host = relay.Host ?? throw new InvalidOperationException($"{RelayOptions.SectionName}:Host is not set.");
        return new SmtpDestination(host, relay.Port, relay.Security, host)
        {
            Credentials = string.IsNullOrEmpty(relay.UserName) ? null : new NetworkCredential(relay.UserName, relay.Password),
        };
    }
}
