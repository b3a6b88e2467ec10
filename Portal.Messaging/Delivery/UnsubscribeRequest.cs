namespace Portal.Messaging.Delivery;

/// <summary>Who wants off which list, as carried by a verified unsubscribe token.</summary>
/// <param name="RecipientId">The portal's opaque id for the recipient (never the address).</param>
/// <param name="ListId">The list or campaign stream to leave.</param>
public sealed record UnsubscribeRequest(Guid RecipientId, Guid ListId);
