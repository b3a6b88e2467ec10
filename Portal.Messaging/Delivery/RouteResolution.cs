namespace Portal.Messaging.Delivery;

/// <summary>The servers a message for one recipient domain may be handed to.</summary>
/// <param name="Status">Whether there is a route.</param>
/// <param name="Destinations">Servers to try in order (empty unless <see cref="RouteStatus.Routed"/>).</param>
/// <param name="Reason">Why, in words safe to log.</param>
public sealed record RouteResolution(RouteStatus Status, IReadOnlyList<SmtpDestination> Destinations, string Reason)
{
    /// <summary>The MTA-STS mode that applied, when the domain publishes a policy.</summary>
    public MtaStsMode? MtaStsMode { get; init; }

    /// <summary>A route through <paramref name="destinations"/>.</summary>
    public static RouteResolution Routed(IReadOnlyList<SmtpDestination> destinations, string reason) =>
        new(RouteStatus.Routed, destinations, reason);

    /// <summary>No route that is both encrypted and authenticated.</summary>
    public static RouteResolution NoSecureRoute(string reason) => new(RouteStatus.NoSecureRoute, [], reason);

    /// <summary>The domain accepts no mail.</summary>
    public static RouteResolution NoRoute(string reason) => new(RouteStatus.NoRoute, [], reason);

    /// <summary>DNS did not answer for now.</summary>
    public static RouteResolution Temporary(string reason) => new(RouteStatus.TemporaryFailure, [], reason);
}
