namespace Portal.Messaging.Delivery;

/// <summary>Decides which SMTP servers take mail for a recipient domain.</summary>
public interface IDeliveryRoute
{
    /// <summary>Finds the servers for <paramref name="recipientDomain"/>, best first.</summary>
    Task<RouteResolution> ResolveAsync(string recipientDomain, CancellationToken cancellationToken);
}
