using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;

// A lightweight SMTP receiver with STARTTLS that accepts and discards every message, so a TLS run
// measures the sender rather than the receiver's queue (Postfix writes and fsyncs a queue file per
// message). It answers in order, pipelining included, and prints how many messages it accepted
// when stopped.
//   Portal.TlsSink <port> <cert.pem> <key.pem>
var port = int.Parse(args[0]);
using var certificate = X509Certificate2.CreateFromPemFile(args[1], args[2]);
// Exported and re-imported so SslStream can use the key on Linux without a store.
using var serverCertificate = X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
var listener = new TcpListener(IPAddress.Loopback, port);
listener.Start(512);
long accepted = 0;
using var stop = new CancellationTokenSource();
AppDomain.CurrentDomain.ProcessExit += (_, _) => { stop.Cancel(); Console.WriteLine($"accepted={Interlocked.Read(ref accepted)}"); };
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };

while (!stop.IsCancellationRequested)
{
    TcpClient client;
    try { client = await listener.AcceptTcpClientAsync(stop.Token); }
    catch (OperationCanceledException) { break; }
    client.NoDelay = true;
    _ = Task.Run(() => ServeAsync(client));
}

async Task ServeAsync(TcpClient client)
{
    using var _ = client;
    Stream stream = client.GetStream();
    var reader = new LineReader(stream);
    var pending = new StringBuilder();
    // Replies to pipelined commands are gathered and sent together once the client stops sending.
    async Task ReplyAsync(string reply, bool flush = true)
    {
        pending.Append(reply);
        if (!flush) return;
        await stream.WriteAsync(Encoding.ASCII.GetBytes(pending.ToString()));
        await stream.FlushAsync();
        pending.Clear();
    }
    try
    {
        await ReplyAsync("220 sink.localhost ESMTP\r\n");
        var secure = false;
        while (await reader.ReadLineAsync() is { } line)
        {
            var verb = line.Length >= 4 ? line[..4].ToUpperInvariant() : line.ToUpperInvariant();
            switch (verb)
            {
                case "EHLO":
                    await ReplyAsync(secure
                        ? "250-sink.localhost\r\n250-PIPELINING\r\n250-8BITMIME\r\n250 SIZE 52428800\r\n"
                        : "250-sink.localhost\r\n250-PIPELINING\r\n250-8BITMIME\r\n250-STARTTLS\r\n250 SIZE 52428800\r\n");
                    break;
                case "STAR" when !secure:
                    await ReplyAsync("220 2.0.0 Ready to start TLS\r\n");
                    var tls = new SslStream(stream);
                    await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                    {
                        ServerCertificate = serverCertificate,
                        EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                    });
                    stream = tls;
                    reader = new LineReader(stream);
                    secure = true;
                    break;
                case "DATA":
                    await ReplyAsync("354 End data with <CR><LF>.<CR><LF>\r\n");
                    while (await reader.ReadLineAsync() is { } data && data != ".") { }
                    Interlocked.Increment(ref accepted);
                    await ReplyAsync("250 2.0.0 Ok: discarded\r\n");
                    break;
                case "QUIT":
                    await ReplyAsync("221 2.0.0 Bye\r\n");
                    return;
                default: // MAIL, RCPT, RSET, NOOP, HELO
                    await ReplyAsync("250 2.0.0 Ok\r\n", flush: !reader.HasBufferedLine);
                    break;
            }
        }
    }
    catch (Exception ex) when (ex is IOException or AuthenticationException or ObjectDisposedException) { }
}

/// <summary>Reads CRLF-terminated lines from a stream through one reusable buffer.</summary>
sealed class LineReader(Stream stream)
{
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start, _end;

    public bool HasBufferedLine => _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n') >= 0;

    public async Task<string?> ReadLineAsync()
    {
        while (true)
        {
            var newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var length = newline > 0 && _buffer[_start + newline - 1] == '\r' ? newline - 1 : newline;
                var line = Encoding.Latin1.GetString(_buffer, _start, length);
                _start += newline + 1;
                return line;
            }
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }
            if (_end == _buffer.Length) _end = 0; // a line longer than the buffer: its start is dropped
            var read = await stream.ReadAsync(_buffer.AsMemory(_end));
            if (read == 0) return null;
            _end += read;
        }
    }
}
