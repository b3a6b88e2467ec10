using MailKit.Net.Smtp;
using MimeKit;

namespace Portal.Messaging.Delivery;

/// <summary>
/// One SMTP session lent by the <see cref="SmtpConnectionPool"/>. Disposing it returns the
/// session to the pool, or closes it when it failed. Send through <see cref="SendAsync(MimeMessage, CancellationToken)"/>
/// (or the async methods of <see cref="Client"/>): both honour the destination's send rate.
/// </summary>
public sealed class SmtpLease : IAsyncDisposable
{
    private readonly SmtpConnectionPool _pool;
    private readonly PooledConnection _connection;
    private bool _returned;

    internal SmtpLease(SmtpConnectionPool pool, PooledConnection connection, SmtpDestination destination)
    {
        _pool = pool;
        _connection = connection;
        Destination = destination;
    }

    /// <summary>Where this session goes.</summary>
    public SmtpDestination Destination { get; }

    /// <summary>
    /// The connected MailKit client. MailKit pipelines MAIL FROM, RCPT TO and DATA when the server
    /// advertises PIPELINING. Use its async methods; call <see cref="MarkBroken"/> after anything
    /// that may have left the session in an unknown state.
    /// </summary>
    public SmtpClient Client => _connection.Client;

    /// <summary>True when the session had already been used by an earlier lease.</summary>
    public bool IsReused => _connection.Leases > 1;

    /// <summary>True once the session is known to be unusable; it will be closed, not pooled.</summary>
    public bool IsBroken => _connection.Client.Broken;

    /// <summary>
    /// True when the session runs TLS 1.2 or later with a certificate the pool validated (the pool
    /// never lends a session whose certificate failed validation, so "secure" here means verified).
    /// </summary>
    public bool HasVerifiedTls => Client.IsSecure && Client.SslProtocol >= System.Security.Authentication.SslProtocols.Tls12;

    /// <summary>TLS version, cipher suite and server of this session, e.g. "TLS 1.3, TLS_AES_256_GCM_SHA384, to mx.example.org".</summary>
    public string TransportEvidence => Client.IsSecure
        ? $"{Describe(Client.SslProtocol)}, {Client.SslCipherSuite}, to {Destination.Host}"
        : $"no TLS, to {Destination.Host}";

#pragma warning disable SYSLIB0039, CA5397 // naming old versions is how a weak session is reported
    private static string Describe(System.Security.Authentication.SslProtocols protocol) => protocol switch
    {
        System.Security.Authentication.SslProtocols.Tls13 => "TLS 1.3",
        System.Security.Authentication.SslProtocols.Tls12 => "TLS 1.2",
        System.Security.Authentication.SslProtocols.Tls11 => "TLS 1.1",
        System.Security.Authentication.SslProtocols.Tls => "TLS 1.0",
        _ => protocol.ToString(),
    };
#pragma warning restore SYSLIB0039, CA5397

    /// <summary>Stops the session going back to the pool.</summary>
    public void MarkBroken() => _connection.Client.Broken = true;

    /// <summary>Sends one message to the recipients in its headers and says what happened. Throws only when cancelled.</summary>
    public Task<DeliveryOutcome> SendAsync(MimeMessage message, CancellationToken cancellationToken) =>
        SendCoreAsync(() => Client.SendAsync(message, cancellationToken), cancellationToken);

    /// <summary>
    /// Sends one message with an explicit envelope (direct delivery sends each recipient domain its
    /// own copy, so the envelope is not always the headers) and says what happened. Throws only when cancelled.
    /// </summary>
    public Task<DeliveryOutcome> SendAsync(MimeMessage message, MailboxAddress sender, IEnumerable<MailboxAddress> recipients, CancellationToken cancellationToken) =>
        SendCoreAsync(() => Client.SendAsync(message, sender, recipients, cancellationToken), cancellationToken);

    /// <summary>
    /// Sends several messages over this one session, in order. A message the server refuses does
    /// not stop the rest; once the session breaks, the remaining messages are reported as
    /// temporary failures without being tried.
    /// </summary>
    public async Task<IReadOnlyList<DeliveryOutcome>> SendBatchAsync(IReadOnlyList<MimeMessage> messages, CancellationToken cancellationToken)
    {
        var outcomes = new DeliveryOutcome[messages.Count];
        for (var i = 0; i < messages.Count; i++)
        {
            outcomes[i] = IsBroken
                ? DeliveryOutcome.Temporary(null, null, "Not tried: the connection broke on an earlier message.")
                : await SendAsync(messages[i], cancellationToken);
        }
        return outcomes;
    }

    private async Task<DeliveryOutcome> SendCoreAsync(Func<Task<string>> send, CancellationToken cancellationToken)
    {
        try
        {
            await send();
            return DeliveryOutcome.Delivered;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            MarkBroken();
            throw;
        }
        catch (Exception ex)
        {
            var outcome = DeliveryOutcomeClassifier.Classify(ex);
            if (outcome.IsThrottling)
            {
                // This session is done (a 421 closes it anyway) and the whole domain slows down for a while.
                MarkBroken();
                _pool.ReportThrottled(Destination);
            }
            return outcome;
        }
    }

    /// <summary>Returns the session to the pool, or closes it when it is broken.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_returned) return;
        _returned = true;
        await _pool.ReturnAsync(_connection, Destination);
    }
}
