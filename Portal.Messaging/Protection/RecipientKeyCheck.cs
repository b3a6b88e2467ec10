namespace Portal.Messaging.Protection;

/// <summary>
/// The outcome of checking a recipient's certificate or public key: the usable key, or why it
/// was refused. Reasons name the defect only (never an address or other identifying text), so
/// they are safe to log and to show to staff.
/// </summary>
/// <typeparam name="TKey">The parsed key type.</typeparam>
public sealed record RecipientKeyCheck<TKey>(TKey? Key, string? Reason) where TKey : class
{
    /// <summary>True when the key may be encrypted to.</summary>
    public bool IsAcceptable => Reason is null && Key is not null;

    /// <summary>An accepted key.</summary>
    public static RecipientKeyCheck<TKey> Accept(TKey key) => new(key, null);

    /// <summary>A refusal with its reason.</summary>
    public static RecipientKeyCheck<TKey> Refuse(string reason) => new(null, reason);
}
