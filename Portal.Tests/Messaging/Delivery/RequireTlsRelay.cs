using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Portal.Tests.Messaging.Delivery;

/// <summary>
/// A relay on loopback that offers REQUIRETLS (RFC 8689) after STARTTLS, which no SMTP server on
/// this machine does. It keeps each MAIL FROM line and the message data, and answers 250 to the rest.
/// </summary>
public sealed class RequireTlsRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly X509Certificate2 _certificate;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public RequireTlsRelay(X509Certificate2 certificate)
    {
        _certificate = certificate;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    public int Port { get; }

    public ConcurrentQueue<string> MailFromLines { get; } = new();

    public ConcurrentQueue<string> Messages { get; } = new();

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        Stream stream = client.GetStream();
        var secure = false;
        try
        {
            var (reader, writer) = Open(stream);
            await writer.WriteAsync("220 localhost ESMTP\r\n");
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                var verb = line.Split(' ', 2)[0].ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO":
                        await writer.WriteAsync(secure ? "250-localhost\r\n250-REQUIRETLS\r\n250 8BITMIME\r\n" : "250-localhost\r\n250-STARTTLS\r\n250 8BITMIME\r\n");
                        break;
                    case "STARTTLS":
                        await writer.WriteAsync("220 Go ahead\r\n");
                        var tls = new SslStream(stream);
                        await tls.AuthenticateAsServerAsync(_certificate);
                        stream = tls;
                        secure = true;
                        (reader, writer) = Open(stream);
                        break;
                    case "MAIL":
                        MailFromLines.Enqueue(line);
                        await writer.WriteAsync("250 Ok\r\n");
                        break;
                    case "DATA":
                        await writer.WriteAsync("354 End with .\r\n");
                        var data = new StringBuilder();
                        while (await reader.ReadLineAsync(_stop.Token) is { } dataLine && dataLine != ".") data.Append(dataLine).Append("\r\n");
                        Messages.Enqueue(data.ToString());
                        await writer.WriteAsync("250 Ok\r\n");
                        break;
                    case "QUIT":
                        await writer.WriteAsync("221 Bye\r\n");
                        return;
                    default:
                        await writer.WriteAsync("250 Ok\r\n");
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or System.Security.Authentication.AuthenticationException)
        {
            // The client went away; nothing to record.
        }
    }

    private static (StreamReader Reader, StreamWriter Writer) Open(Stream stream) =>
        (new StreamReader(stream, Encoding.ASCII, false, 1024, leaveOpen: true), new StreamWriter(stream, Encoding.ASCII, 1024, leaveOpen: true) { AutoFlush = true, NewLine = "\r\n" });

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
