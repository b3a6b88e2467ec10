namespace Portal.Messaging.Delivery;

/// <summary>An open SMTP session owned by the pool, idle or lent out.</summary>
internal sealed class PooledConnection(PooledSmtpClient client, string key, DateTimeOffset opened)
{
    public PooledSmtpClient Client { get; } = client;

    public string Key { get; } = key;

    public DateTimeOffset LastUsed { get; set; } = opened;

    /// <summary>Number of leases that have used this connection; more than one means it was reused.</summary>
    public int Leases { get; set; }
}
