using System.Net.Sockets;
using System.Text.RegularExpressions;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace Portal.Messaging.Delivery;

/// <summary>
/// Turns what MailKit throws into a <see cref="DeliveryOutcome"/>: the reply class decides
/// (4xx temporary, 5xx permanent); failures before any reply (timeouts, lost connections) are
/// temporary; TLS failures are <see cref="DeliveryStatus.NoSecureRoute"/>. Unknown failures are
/// temporary: retrying costs little, declaring a deliverable message dead loses it.
/// </summary>
public static partial class DeliveryOutcomeClassifier
{
    [GeneratedRegex(@"(?<![\d.])([245])\.(\d{1,3})\.(\d{1,3})(?![\d.])", RegexOptions.CultureInvariant)]
    private static partial Regex EnhancedStatus();

    /// <summary>Classifies a failed send or connect.</summary>
    public static DeliveryOutcome Classify(Exception exception) => exception switch
    {
        SmtpCommandException command => FromFailedReply((int)command.StatusCode, command.Message),
        SecureTransportUnavailableException insecure => DeliveryOutcome.NoSecureRoute(insecure.Message),
        SslHandshakeException => DeliveryOutcome.NoSecureRoute("TLS could not be established with a valid certificate."),
        System.Security.Authentication.AuthenticationException => DeliveryOutcome.NoSecureRoute("TLS could not be established with a valid certificate."),
        // SMTP AUTH refused by a relay: our configuration, not the recipient; retry once it is fixed.
        MailKit.Security.AuthenticationException => DeliveryOutcome.Temporary(535, "4.7.8", "The relay refused our credentials."),
        SmtpProtocolException => DeliveryOutcome.Temporary(null, null, "The connection was lost or the server broke the protocol."),
        ServiceNotConnectedException => DeliveryOutcome.Temporary(null, null, "The connection was lost."),
        TimeoutException => DeliveryOutcome.Temporary(null, "4.4.2", "The server did not answer in time."),
        OperationCanceledException => DeliveryOutcome.Temporary(null, "4.4.2", "The server did not answer in time."),
        SocketException socket => DeliveryOutcome.Temporary(null, "4.4.1", $"No connection to the server ({socket.SocketErrorCode})."),
        IOException => DeliveryOutcome.Temporary(null, "4.4.2", "The connection was lost."),
        _ => DeliveryOutcome.Temporary(null, null, $"Unexpected failure ({exception.GetType().Name})."),
    };

    /// <summary>
    /// Classifies the SMTP reply that made a command fail (the text is redacted before it is kept).
    /// A 2xx reply here is out of place (e.g. "221 closing" where "250" was due: the server ended an
    /// idle session), so it never counts as delivered.
    /// </summary>
    public static DeliveryOutcome FromFailedReply(int replyCode, string? text)
    {
        var enhanced = EnhancedStatusCode(text);
        var detail = $"{replyCode} {text}".Trim();
        if (detail.Length > 300) detail = detail[..300];
        return (replyCode / 100) switch
        {
            5 => DeliveryOutcome.Permanent(replyCode, enhanced, detail),
            _ => DeliveryOutcome.Temporary(replyCode, enhanced, detail),
        };
    }

    /// <summary>The first RFC 3463 enhanced status code (such as 5.1.1) in <paramref name="text"/>, or null.</summary>
    public static string? EnhancedStatusCode(string? text)
    {
        if (string.IsNullOrEmpty(text)) return null;
        var match = EnhancedStatus().Match(text);
        return match.Success ? match.Value : null;
    }
}
