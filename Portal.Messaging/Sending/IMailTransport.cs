using MimeKit;

namespace Portal.Messaging.Sending;

/// <summary>Hands a finished message to the next hop.</summary>
public interface IMailTransport
{
    /// <summary>Sends <paramref name="message"/>; throws when the next hop did not accept it.</summary>
    Task SendAsync(MimeMessage message, CancellationToken cancellationToken);
}
