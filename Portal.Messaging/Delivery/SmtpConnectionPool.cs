using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using MailKit.Security;
using Microsoft.Extensions.Options;
using Portal.Messaging.Sending;

namespace Portal.Messaging.Delivery;

/// <summary>
/// Reusable SMTP sessions per destination. A session costs a TCP and a TLS handshake and an
/// EHLO; reusing it is what makes high-volume sending fast. Sockets are opened with Nagle's
/// algorithm off (MailKit's own connect stalls every round trip), TLS is required and
/// certificates are validated, each destination domain has a connection limit and a send rate,
/// idle sessions expire, and a session that failed is closed rather than lent again.
/// </summary>
/// <example>
/// <code>
/// await using var lease = await pool.AcquireAsync(destination, ct);
/// var outcome = await lease.SendAsync(message, ct);
/// </code>
/// </example>
public sealed class SmtpConnectionPool : IAsyncDisposable
{
    private readonly SmtpPoolOptions _options;
    private readonly TimeProvider _clock;
    private readonly RemoteCertificateValidationCallback? _certificateValidation;
    private readonly ConcurrentDictionary<string, DomainSlots> _domains = new();
    private readonly ConcurrentDictionary<string, TokenBucket> _rates = new();
    private readonly ITimer _sweeper;
    private volatile bool _disposed;

    /// <summary>Creates an empty pool.</summary>
    /// <param name="options">Limits and timeouts.</param>
    /// <param name="clock">Clock for idle expiry and rate limits; the system clock when null.</param>
    /// <param name="certificateValidation">
    /// Replaces the default certificate check (valid chain, name matches the host). Only for a
    /// private trust store such as a test CA: it must still reject what it does not trust.
    /// </param>
    public SmtpConnectionPool(IOptions<SmtpPoolOptions> options, TimeProvider? clock = null, RemoteCertificateValidationCallback? certificateValidation = null)
    {
        _options = options.Value;
        _clock = clock ?? TimeProvider.System;
        _certificateValidation = certificateValidation;
        var period = TimeSpan.FromSeconds(Math.Max(1, _options.IdleTimeoutSeconds / 2.0));
        _sweeper = _clock.CreateTimer(_ => _ = SweepSafelyAsync(), null, period, period);
    }

    /// <summary>
    /// Lends a connected, authenticated session to <paramref name="destination"/>: an idle one when
    /// there is one, otherwise a new one; waits while the destination domain is at its connection limit.
    /// </summary>
    /// <exception cref="SecureTransportUnavailableException">The server offers no STARTTLS, or clear text was asked for a remote host.</exception>
    /// <exception cref="SslHandshakeException">TLS failed, for example the certificate was not valid for the host.</exception>
    public async ValueTask<SmtpLease> AcquireAsync(SmtpDestination destination, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var slots = _domains.GetOrAdd(destination.LimitKey, _ => new DomainSlots(_options.MaxConnectionsPerDomain));
        var toClose = new List<PooledConnection>();
        var taking = slots.TakeAsync(destination.ConnectionKey, IdleCutoff(), toClose, cancellationToken);
        await CloseAllAsync(toClose);
        var connection = await taking;

        if (connection is not null && !connection.Client.IsConnected)
        {
            // The server dropped it while idle; keep the slot and open a fresh one in its place.
            await CloseAsync(connection);
            connection = null;
        }
        if (connection is null)
        {
            try
            {
                connection = new PooledConnection(await OpenAsync(destination, cancellationToken), destination.ConnectionKey, _clock.GetUtcNow());
            }
            catch
            {
                slots.ReleaseSlot();
                throw;
            }
        }
        connection.Leases++;
        connection.Client.RateLimit = _rates.GetOrAdd(destination.LimitKey,
            _ => new TokenBucket(_options.MessagesPerSecondPerDomain, _options.BurstPerDomain, _clock));
        return new SmtpLease(this, connection, destination);
    }

    /// <summary>How long a domain that throttled us stays slowed down.</summary>
    public static readonly TimeSpan ThrottlePeriod = TimeSpan.FromMinutes(10);

    /// <summary>Slows sending to <paramref name="destination"/>'s domain after it answered 421 or 4.7.x.</summary>
    public void ReportThrottled(SmtpDestination destination) =>
        _rates.GetOrAdd(destination.LimitKey, _ => new TokenBucket(_options.MessagesPerSecondPerDomain, _options.BurstPerDomain, _clock)).SlowDown(ThrottlePeriod);

    /// <summary>Messages per second allowed to <paramref name="destination"/>'s domain or provider now (for metrics and tests).</summary>
    public double RateFor(SmtpDestination destination) =>
        _rates.TryGetValue(destination.LimitKey, out var bucket) ? bucket.CurrentRate : _options.MessagesPerSecondPerDomain;

    /// <summary>Open, idle and waiting counts for one destination domain (for metrics and tests).</summary>
    public SmtpPoolCounts CountsFor(string domain)
    {
        if (!_domains.TryGetValue(domain.TrimEnd('.').ToLowerInvariant(), out var slots)) return new SmtpPoolCounts(0, 0, 0);
        var (open, idle, waiting) = slots.Counts;
        return new SmtpPoolCounts(open, idle, waiting);
    }

    /// <summary>Closes sessions idle longer than the configured timeout. A timer calls this; tests may too.</summary>
    public async Task SweepIdleAsync()
    {
        var toClose = new List<PooledConnection>();
        var cutoff = IdleCutoff();
        foreach (var slots in _domains.Values) slots.RemoveExpired(cutoff, toClose);
        await CloseAllAsync(toClose);
    }

    internal async ValueTask ReturnAsync(PooledConnection connection, SmtpDestination destination)
    {
        connection.LastUsed = _clock.GetUtcNow();
        connection.Client.RateLimit = null;
        var reusable = !_disposed
            && !connection.Client.Broken
            && connection.Client.IsConnected
            && connection.Client.MessagesSent < _options.MaxMessagesPerConnection;
        var toClose = new List<PooledConnection>();
        if (_domains.TryGetValue(destination.LimitKey, out var slots)) slots.Return(connection, reusable, toClose);
        else toClose.Add(connection);
        await CloseAllAsync(toClose);
    }

    private DateTimeOffset IdleCutoff() => _clock.GetUtcNow() - TimeSpan.FromSeconds(_options.IdleTimeoutSeconds);

    private async Task<PooledSmtpClient> OpenAsync(SmtpDestination destination, CancellationToken cancellationToken)
    {
        if (destination.Security == SmtpSecurity.None && !IsLoopback(destination.Host))
            throw new SecureTransportUnavailableException($"Clear-text SMTP to '{destination.Host}' is refused; only loopback may be used without TLS.");

        var client = new PooledSmtpClient { Timeout = _options.TimeoutSeconds * 1000 };
        if (!string.IsNullOrWhiteSpace(_options.HeloName)) client.LocalDomain = _options.HeloName;
        if (_certificateValidation is not null) client.ServerCertificateValidationCallback = _certificateValidation;
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using (var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                connectTimeout.CancelAfter(TimeSpan.FromSeconds(_options.TimeoutSeconds));
                try
                {
                    await socket.ConnectAsync(destination.Host, destination.Port, connectTimeout.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new TimeoutException($"Connecting to {destination.Host}:{destination.Port} timed out.");
                }
            }
            try
            {
                await client.ConnectAsync(socket, destination.Host, destination.Port, ToMailKit(destination.Security), cancellationToken);
            }
            catch (NotSupportedException ex) when (destination.Security == SmtpSecurity.StartTls)
            {
                // MailKit's way of saying the server did not offer STARTTLS.
                throw new SecureTransportUnavailableException($"{destination.Host} does not offer STARTTLS; mail is not sent in clear.", ex);
            }
            if (destination.Security != SmtpSecurity.None && !client.IsSecure)
                throw new SecureTransportUnavailableException($"{destination.Host} did not establish TLS.");
            if (destination.Credentials is { } credentials)
                await client.AuthenticateAsync(credentials, cancellationToken);
            // With SIZE, MailKit formats every message once more just to measure it for MAIL FROM;
            // a server still refuses an oversized message after DATA, so the extra pass buys nothing.
            client.Capabilities &= ~MailKit.Net.Smtp.SmtpCapabilities.Size;
            return client;
        }
        catch
        {
            client.Dispose();
            socket.Dispose();
            throw;
        }
    }

    // MailKit's opportunistic STARTTLS mode (its default for 'false') can be stripped by an attacker: never used.
    private static SecureSocketOptions ToMailKit(SmtpSecurity security) => security switch
    {
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.None,
    };

    private static bool IsLoopback(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));

    private async Task SweepSafelyAsync()
    {
        try { await SweepIdleAsync(); }
        catch (Exception) { /* a failed QUIT to a dead server must not crash the timer thread */ }
    }

    private static async Task CloseAllAsync(List<PooledConnection> connections)
    {
        foreach (var connection in connections) await CloseAsync(connection);
    }

    private static async Task CloseAsync(PooledConnection connection)
    {
        var client = connection.Client;
        try
        {
            if (client.IsConnected && !client.Broken)
            {
                // A polite QUIT, but never wait long for a server we are leaving anyway.
                using var quit = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await client.DisconnectAsync(true, quit.Token);
            }
        }
        catch (Exception) { /* the connection is being thrown away anyway */ }
        finally
        {
            client.Dispose();
        }
    }

    /// <summary>Closes every idle session; sessions still lent out are closed when their lease ends.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        await _sweeper.DisposeAsync();
        var toClose = new List<PooledConnection>();
        foreach (var slots in _domains.Values) slots.Drain(toClose);
        await CloseAllAsync(toClose);
    }
}
