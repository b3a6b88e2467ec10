using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Portal.Messaging.Sending;

/// <summary>How outgoing mail leaves the product: an SMTP server, or (development only) a pickup directory.</summary>
public sealed class SmtpOptions : IValidatableObject
{
    /// <summary>Configuration section these options bind to.</summary>
    public const string SectionName = "Smtp";

    /// <summary>
    /// SMTP server host name; the relay too unless <c>Delivery:Relay</c> names one. When neither is set,
    /// mail is written to <see cref="PickupDirectory"/>.
    /// </summary>
    public string? Host { get; set; }

    /// <summary>SMTP server port.</summary>
    [Range(1, 65535)]
    public int Port { get; set; } = 587;

    /// <summary>Transport security. <see cref="SmtpSecurity.None"/> is only accepted for a loopback host.</summary>
    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    /// <summary>Optional user name for SMTP authentication.</summary>
    public string? UserName { get; set; }

    /// <summary>Optional password for SMTP authentication.</summary>
    public string? Password { get; set; }

    /// <summary>Directory that receives one .eml file per message when no <see cref="Host"/> is set.</summary>
    public string? PickupDirectory { get; set; }

    /// <summary>Seconds to wait for a connection or a server reply before giving up.</summary>
    [Range(1, 600)]
    public int TimeoutSeconds { get; set; } = 30;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // Whether some way out exists is the delivery pool's check: a Delivery:Relay section or
        // direct delivery needs no Smtp:Host.
        // Mail must never cross a network in clear: plaintext SMTP is tolerated only on this machine.
        if (!string.IsNullOrWhiteSpace(Host) && Security == SmtpSecurity.None && !IsLoopback(Host))
            yield return new ValidationResult($"Smtp:Security=None is only allowed for a loopback host, not '{Host}'. Use StartTls or SslOnConnect.");
    }

    private static bool IsLoopback(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
}

/// <summary>How the SMTP connection is protected.</summary>
public enum SmtpSecurity
{
    /// <summary>STARTTLS is required; a server that does not offer it is refused (no silent downgrade).</summary>
    StartTls,
    /// <summary>TLS from the first byte (implicit TLS, usually port 465).</summary>
    SslOnConnect,
    /// <summary>No encryption. Only for a loopback host (tests, local relays).</summary>
    None,
}
