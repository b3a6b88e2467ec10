using System.Linq.Expressions;
using Portal.Data.Messages;

namespace Portal.Grains.Patients;

/// <summary>
/// The one rule for whether a secure message can still be read or sent: not recalled and not past its expiry (an expiry
/// of exactly now has passed). Erasure is not in the row: it is the patient's key being gone, checked by whoever decrypts.
/// </summary>
public static class MessageLifetime
{
    public static MessageState StateOf(SecureMessage message, DateTime now) =>
        message.RecalledUtc is not null ? MessageState.Recalled
        : message.ExpiresUtc is { } expires && expires <= now ? MessageState.Expired
        : MessageState.Active;

    public static bool IsCurrent(SecureMessage message, DateTime now) => StateOf(message, now) == MessageState.Active;

    /// <summary>The same rule as a query filter the database evaluates.</summary>
    public static Expression<Func<SecureMessage, bool>> Current(DateTime now) =>
        m => m.RecalledUtc == null && (m.ExpiresUtc == null || m.ExpiresUtc > now);
}
