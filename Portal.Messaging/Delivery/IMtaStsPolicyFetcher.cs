namespace Portal.Messaging.Delivery;

/// <summary>Fetches a domain's MTA-STS policy text; tests give the text directly.</summary>
public interface IMtaStsPolicyFetcher
{
    /// <summary>The policy text for <paramref name="domain"/>, or null when it could not be fetched.</summary>
    Task<string?> FetchAsync(string domain, CancellationToken cancellationToken);
}
