namespace Portal.Messaging.Delivery;

/// <summary>What a DSN means for the recipient address.</summary>
public enum BounceKind
{
    /// <summary>Not a bounce: delivered, relayed or expanded.</summary>
    None,
    /// <summary>Temporary (4.x.x, or delayed): keep the address, maybe retry.</summary>
    Soft,
    /// <summary>Permanent (failed with 5.x.x): stop sending to the address.</summary>
    Hard,
}
