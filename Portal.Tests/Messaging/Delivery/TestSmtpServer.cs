using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using MimeKit;
using SmtpServer;
using SmtpServer.ComponentModel;
using SmtpServer.Protocol;
using SmtpServer.Storage;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Messaging.Delivery;

/// <summary>
/// A real SMTP server on loopback that counts sessions (total and at once) and answers by recipient:
/// a local part starting "temp" gets 451 4.3.0, "gone" gets 550 5.1.1, anything else 250.
/// </summary>
public sealed class TestSmtpServer : IAsyncDisposable
{
    private readonly SmtpServer.SmtpServer _server;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;
    private readonly ConcurrentQueue<MimeMessage> _messages = new();
    private int _sessions;
    private int _open;
    private int _maxOpen;
    private int _ended;

    public TestSmtpServer(X509Certificate2? certificate = null, TimeSpan? commandTimeout = null, int? port = null)
    {
        Port = port ?? FreePort.Next();
        var builder = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(e =>
            {
                e.Endpoint(new IPEndPoint(IPAddress.Loopback, Port));
                if (certificate is not null) e.Certificate(certificate).IsSecure(false);
            });
        if (commandTimeout is { } timeout) builder.CommandWaitTimeout(timeout);
        var services = new ServiceProvider();
        services.Add(new Store(this));
        _server = new SmtpServer.SmtpServer(builder.Build(), services);
        _server.SessionCreated += (_, _) =>
        {
            Interlocked.Increment(ref _sessions);
            var open = Interlocked.Increment(ref _open);
            int seen;
            while (open > (seen = Volatile.Read(ref _maxOpen)) && Interlocked.CompareExchange(ref _maxOpen, open, seen) != seen) { }
        };
        _server.SessionCompleted += (_, _) => Ended();
        _server.SessionFaulted += (_, _) => Ended();
        _server.SessionCancelled += (_, _) => Ended();
        _running = _server.StartAsync(_stop.Token);
    }

    public int Port { get; }

    /// <summary>Sessions started since the server began.</summary>
    public int Sessions => Volatile.Read(ref _sessions);

    /// <summary>Sessions that have ended.</summary>
    public int EndedSessions => Volatile.Read(ref _ended);

    /// <summary>The most sessions that were open at one time.</summary>
    public int MaxConcurrentSessions => Volatile.Read(ref _maxOpen);

    public IReadOnlyCollection<MimeMessage> Messages => _messages.ToArray();

    /// <summary>Polls until <paramref name="condition"/> holds or a few seconds pass.</summary>
    public static async Task<bool> EventuallyAsync(Func<bool> condition, int milliseconds = 5000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(milliseconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) return false;
            await Task.Delay(20);
        }
        return true;
    }

    private void Ended()
    {
        Interlocked.Decrement(ref _open);
        Interlocked.Increment(ref _ended);
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        try { await _running; } catch (OperationCanceledException) { }
        _stop.Dispose();
    }

    private sealed class Store(TestSmtpServer owner) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            var recipient = transaction.To[0];
            var address = $"{recipient.User}@{recipient.Host}";
            if (recipient.User.StartsWith("temp", StringComparison.Ordinal))
                return new SmtpResponse((SmtpReplyCode)451, $"4.3.0 <{address}> try again later");
            if (recipient.User.StartsWith("busy", StringComparison.Ordinal))
                return new SmtpResponse((SmtpReplyCode)421, "4.7.0 [TSS04] Messages temporarily deferred due to unexpected volume");
            if (recipient.User.StartsWith("gone", StringComparison.Ordinal))
                return new SmtpResponse((SmtpReplyCode)550, $"5.1.1 <{address}>: Recipient address rejected: User unknown");
            using var stream = new MemoryStream(buffer.ToArray());
            owner._messages.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }
}
