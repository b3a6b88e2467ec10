using Microsoft.Extensions.Options;

namespace Portal.Messaging.Policy;

/// <summary>The policy's choice for one message, with the reason recorded beside the message.</summary>
/// <param name="Method">How the message is delivered.</param>
/// <param name="Sensitivity">The sensitivity used: the sender's, raised by what the content looks like.</param>
/// <param name="Reason">A sentence for staff explaining the choice. Names categories of content, never the content.</param>
public sealed record PolicyDecision(DeliveryMethod Method, Sensitivity Sensitivity, string Reason);

/// <summary>
/// Chooses, for each outgoing message, the strongest delivery the recipient can receive, so nobody
/// has to remember to press "encrypt": end-to-end (S/MIME, then OpenPGP) when the recipient has a
/// certificate or key, email over verified TLS only for content the organisation allows there,
/// and otherwise portal pickup. Nothing is ever sent in clear.
/// </summary>
public sealed class EncryptionPolicy(IOptions<EncryptionPolicyOptions> options)
{
    private readonly EncryptionPolicyOptions _options = options.Value;

    /// <summary>Decides how to deliver a message whose sender marked it <paramref name="declared"/>.</summary>
    public PolicyDecision Decide(Sensitivity declared, RecipientCapabilities recipient, params string?[] content)
    {
        var finding = PhiDetector.Detect(content);
        var sensitivity = finding.Sensitivity > declared ? finding.Sensitivity : declared;
        var raised = sensitivity > declared ? $" Raised from {Describe(declared)} because the content looks like {string.Join(", ", finding.Categories)}." : "";

        if (sensitivity == Sensitivity.Restricted)
            return new(DeliveryMethod.PortalPickup, sensitivity, "Restricted content never leaves the portal." + raised);
        if (_options.AllowEndToEndEncryption && recipient.HasUsableCertificate)
            return new(DeliveryMethod.Smime, sensitivity, "The recipient has a valid S/MIME certificate: signed and encrypted end to end." + raised);
        if (_options.AllowEndToEndEncryption && recipient.HasUsablePgpKey)
            return new(DeliveryMethod.OpenPgp, sensitivity, "The recipient has a valid OpenPGP key: encrypted end to end." + raised);
        if (sensitivity <= _options.MaxSensitivityOverTls && recipient.DomainHasVerifiedTls)
            return new(DeliveryMethod.Tls, sensitivity, $"{Describe(sensitivity)} content may travel over the recipient's verified TLS." + raised);
        var why = recipient.DomainHasVerifiedTls
            ? $"{Describe(sensitivity)} content needs end-to-end encryption and the recipient has no certificate or key on file."
            : "The recipient's mail server is not known to offer verified TLS, and mail is never sent in clear.";
        return new(DeliveryMethod.PortalPickup, sensitivity, why + raised);
    }

    private static string Describe(Sensitivity sensitivity) => sensitivity switch
    {
        Sensitivity.None => "Non-sensitive",
        Sensitivity.LightPhi => "Light-PHI",
        Sensitivity.Phi => "PHI",
        _ => "Restricted",
    };
}
