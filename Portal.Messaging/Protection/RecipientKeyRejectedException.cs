namespace Portal.Messaging.Protection;

/// <summary>
/// Thrown when a message cannot be protected for a recipient because their certificate or key
/// is unusable. The message carries only the defect, never the recipient's address.
/// </summary>
public sealed class RecipientKeyRejectedException : Exception
{
    /// <summary>Creates the exception with the validator's reason.</summary>
    public RecipientKeyRejectedException(string reason) : base(reason)
    {
        Reason = reason;
    }

    /// <summary>Why the key was refused.</summary>
    public string Reason { get; }
}
