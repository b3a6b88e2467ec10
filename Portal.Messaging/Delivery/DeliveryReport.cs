namespace Portal.Messaging.Delivery;

/// <summary>A parsed delivery status notification: which message it is about and what happened to each recipient.</summary>
/// <param name="ReportingMta">The server that wrote the report (Reporting-MTA).</param>
/// <param name="OriginalEnvelopeId">The ENVID the portal gave at MAIL FROM (Original-Envelope-Id), decoded from xtext.</param>
/// <param name="OriginalMessageId">The Message-ID of the returned message or headers (without angle brackets).</param>
/// <param name="Recipients">One entry per recipient block.</param>
public sealed record DeliveryReport(
    string? ReportingMta,
    string? OriginalEnvelopeId,
    string? OriginalMessageId,
    IReadOnlyList<DsnRecipient> Recipients)
{
    /// <summary>The identifier to match against the outbox: the envelope id when present, else the Message-ID.</summary>
    public string? MessageReference => OriginalEnvelopeId ?? OriginalMessageId;

    /// <summary>The most severe bounce among the recipients.</summary>
    public BounceKind Kind => Recipients.Count == 0 ? BounceKind.None : Recipients.Max(recipient => recipient.Kind);
}
