namespace Portal.Messaging.Policy;

/// <summary>What the recipient can receive securely, as known at the time of sending.</summary>
/// <param name="HasUsableCertificate">A valid (unexpired, unrevoked, encryption-capable) S/MIME certificate is on file.</param>
/// <param name="HasUsablePgpKey">A valid OpenPGP public key able to encrypt is on file.</param>
/// <param name="DomainHasVerifiedTls">The recipient's mail servers offer STARTTLS with a certificate that validates (or an enforced MTA-STS policy).</param>
public sealed record RecipientCapabilities(bool HasUsableCertificate, bool HasUsablePgpKey, bool DomainHasVerifiedTls)
{
    /// <summary>Nothing known: only portal pickup is safe.</summary>
    public static RecipientCapabilities None { get; } = new(false, false, false);
}
