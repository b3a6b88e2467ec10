using System.Net.Sockets;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Portal.Messaging.Sending;

/// <summary>
/// Sends over one reused SMTP connection. The socket is opened with Nagle's algorithm off:
/// MailKit's default connect stalls every command round trip (about 22 messages/s).
/// </summary>
public sealed class SmtpMailTransport(IOptions<SmtpOptions> options) : IMailTransport, IAsyncDisposable
{
    private readonly SmtpOptions _options = options.Value;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private SmtpClient? _client;
    private DateTime _lastUsed;

    // Servers close idle connections (often after 60 s or more); reconnecting before that
    // avoids failing a send on a connection that is already dead.
    private static readonly TimeSpan MaxIdle = TimeSpan.FromSeconds(30);

    /// <inheritdoc />
    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var client = await ConnectedClientAsync(cancellationToken);
            await client.SendAsync(message, cancellationToken);
            _lastUsed = DateTime.UtcNow;
        }
        catch
        {
            await DropClientAsync();
            throw;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<SmtpClient> ConnectedClientAsync(CancellationToken cancellationToken)
    {
        if (_client is { IsConnected: true } && DateTime.UtcNow - _lastUsed < MaxIdle)
            return _client;
        await DropClientAsync();

        var client = new SmtpClient { Timeout = _options.TimeoutSeconds * 1000 };
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(_options.Host!, _options.Port, cancellationToken);
            await client.ConnectAsync(socket, _options.Host!, _options.Port, ToMailKit(_options.Security), cancellationToken);
            if (!string.IsNullOrEmpty(_options.UserName))
                await client.AuthenticateAsync(_options.UserName, _options.Password ?? "", cancellationToken);
        }
        catch
        {
            client.Dispose();
            socket.Dispose();
            throw;
        }
        _client = client;
        return client;
    }

    // MailKit's opportunistic STARTTLS mode (its default) can be stripped by an attacker: it is never used.
    private static SecureSocketOptions ToMailKit(SmtpSecurity security) => security switch
    {
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.None,
    };

    private async Task DropClientAsync()
    {
        if (_client is null) return;
        try
        {
            if (_client.IsConnected) await _client.DisconnectAsync(true);
        }
        catch (Exception) { /* the connection is being thrown away anyway */ }
        _client.Dispose();
        _client = null;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await DropClientAsync();
        _gate.Dispose();
    }
}
