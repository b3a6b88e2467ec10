namespace Portal.Messaging.Delivery;

/// <summary>
/// The server could not give an encrypted, authenticated connection (no STARTTLS, a refused
/// certificate, or clear text asked for a host that is not loopback). Nothing was sent.
/// </summary>
public sealed class SecureTransportUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SecureTransportUnavailableException(string message) : base(message) { }

    /// <summary>Creates the exception around the failure that caused it.</summary>
    public SecureTransportUnavailableException(string message, Exception inner) : base(message, inner) { }
}
