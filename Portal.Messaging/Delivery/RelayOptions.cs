using System.ComponentModel.DataAnnotations;
using System.Net;
using Portal.Messaging.Sending;

namespace Portal.Messaging.Delivery;

/// <summary>A smart host that relays all outgoing mail (an ESP or the organisation's own gateway).</summary>
public sealed class RelayOptions : IValidatableObject
{
    /// <summary>Configuration section these options bind to.</summary>
    public const string SectionName = "Delivery:Relay";

    /// <summary>Relay host name; certificates are checked against it.</summary>
    [Required]
    public string? Host { get; set; }

    /// <summary>Relay port (587 for submission with STARTTLS, 465 for implicit TLS).</summary>
    [Range(1, 65535)]
    public int Port { get; set; } = 587;

    /// <summary>Transport security; <see cref="SmtpSecurity.None"/> only for a loopback relay.</summary>
    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    /// <summary>Account on the relay; null when the relay authorises by address.</summary>
    public string? UserName { get; set; }

    /// <summary>Password for <see cref="UserName"/>.</summary>
    public string? Password { get; set; }

    /// <summary>
    /// The operator's declaration that the relay itself refuses to pass mail on except over TLS
    /// with a certificate it verified (Postfix: <c>smtp_tls_security_level = verify</c> or
    /// <c>dane</c>, with <c>smtp_tls_mandatory_protocols = &gt;=TLSv1.2</c>). Without it, mail that
    /// needs verified TLS goes through the relay only with REQUIRETLS (RFC 8689) when the relay offers it.
    /// </summary>
    public bool EnforcesVerifiedTls { get; set; }

    /// <summary>How far the relay's TLS can be trusted beyond the session the portal opens.</summary>
    public OnwardHop Onward => EnforcesVerifiedTls ? OnwardHop.RelayDeclaredVerified : OnwardHop.RelayRequireTls;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Security == SmtpSecurity.None && !IsLoopback(Host))
            yield return new ValidationResult($"{SectionName}:Security=None is only allowed for a loopback relay, not '{Host}'.");
        if (!string.IsNullOrEmpty(UserName) && Password is null)
            yield return new ValidationResult($"{SectionName}:Password is required with a user name.");
    }

    private static bool IsLoopback(string? host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
}
