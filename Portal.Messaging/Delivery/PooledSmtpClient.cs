using MailKit;
using MailKit.Net.Smtp;
using MimeKit;

namespace Portal.Messaging.Delivery;

/// <summary>
/// The SmtpClient a lease hands out. Its async sends wait for the destination's send-rate token
/// and record a failure that leaves the session unusable, so code that uses <see cref="SmtpLease.Client"/>
/// directly is throttled and cannot put a dead connection back in the pool.
/// </summary>
internal sealed class PooledSmtpClient : SmtpClient
{
    // One lease uses a client at a time; the depth stops the rate limit counting twice when one
    // MailKit overload calls another.
    private int _depth;

    public TokenBucket? RateLimit { get; set; }

    public bool Broken { get; set; }

    public int MessagesSent { get; private set; }

    public override Task<string> SendAsync(FormatOptions options, MimeMessage message, CancellationToken cancellationToken = default, ITransferProgress? progress = null) =>
        GuardedAsync(() => base.SendAsync(options, message, cancellationToken, progress), cancellationToken);

    public override Task<string> SendAsync(FormatOptions options, MimeMessage message, MailboxAddress sender, IEnumerable<MailboxAddress> recipients, CancellationToken cancellationToken = default, ITransferProgress? progress = null) =>
        GuardedAsync(() => base.SendAsync(options, message, sender, recipients, cancellationToken, progress), cancellationToken);

    private async Task<string> GuardedAsync(Func<Task<string>> send, CancellationToken cancellationToken)
    {
        if (_depth > 0) return await send();
        _depth++;
        try
        {
            if (RateLimit is not null) await RateLimit.TakeAsync(cancellationToken);
            var reply = await send();
            MessagesSent++;
            return reply;
        }
        catch (Exception ex)
        {
            if (LeavesSessionUnusable(ex, IsConnected)) Broken = true;
            throw;
        }
        finally
        {
            _depth--;
        }
    }

    // A rejected command (4xx/5xx) is answered by MailKit with RSET and the session goes on;
    // anything else (I/O, protocol, timeout, cancellation mid-transaction, 421 shutting down, or a
    // 2xx where none was due, such as "221 closing" from a server that ended an idle session)
    // leaves the session in an unknown state.
    internal static bool LeavesSessionUnusable(Exception ex, bool stillConnected) => ex switch
    {
        _ when !stillConnected => true,
        SmtpCommandException command => (int)command.StatusCode is 421 or < 300,
        _ => true,
    };
}
