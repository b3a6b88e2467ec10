using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace Portal.Tests.Grains.Delivery;

/// <summary>What the sink does with one message after reading it whole.</summary>
public enum SinkAnswer
{
    /// <summary>Store it and answer 250.</summary>
    Accept,
    /// <summary>Do not store it; answer 451.</summary>
    TryLater,
    /// <summary>Do not store it; close the connection without answering.</summary>
    Drop,
    /// <summary>Store it, then say nothing for longer than the sender waits (the sender cannot know it arrived).</summary>
    StoreThenStall,
}

/// <summary>
/// A small real SMTP server on loopback (ESMTP with PIPELINING over TCP) that counts every message
/// it stores by Message-ID, and can answer 4xx, drop the connection or stall, per message.
/// </summary>
public sealed partial class CountingSmtpSink : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<string, int, SinkAnswer> _decide;
    private readonly ConcurrentDictionary<string, int> _seen = new();
    private readonly ConcurrentDictionary<string, int> _stored = new();
    private readonly ConcurrentBag<string> _stalled = [];
    private readonly Task _accepting;

    /// <param name="decide">Given a Message-ID and how often it was seen before, what to do.</param>
    public CountingSmtpSink(Func<string, int, SinkAnswer>? decide = null, int? port = null)
    {
        _decide = decide ?? ((_, _) => SinkAnswer.Accept);
        _listener = new TcpListener(IPAddress.Loopback, port ?? 0);
        _listener.Start(512);
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    public int Port { get; }

    /// <summary>How many times each Message-ID was stored.</summary>
    public IReadOnlyDictionary<string, int> Stored => _stored;

    public int StoredTotal => _stored.Values.Sum();

    /// <summary>Message-IDs stored and then left unanswered.</summary>
    public IReadOnlyCollection<string> Stalled => _stalled;

    [GeneratedRegex(@"^Message-ID:\s*<([^>]+)>", RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex MessageIdHeader();

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception) { return; }
            _ = Task.Run(() => SessionAsync(client));
        }
    }

    private async Task SessionAsync(TcpClient client)
    {
        using var _ = client;
        client.NoDelay = true;
        try
        {
            var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.Latin1, false, 65536);
            var writer = new StreamWriter(stream, Encoding.Latin1, 4096) { NewLine = "\r\n", AutoFlush = false };
            await Reply(writer, "220 sink.localhost ESMTP");
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                var verb = line.Length >= 4 ? line[..4].ToUpperInvariant() : line.ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO":
                        await Reply(writer, "250-sink.localhost\r\n250-PIPELINING\r\n250-8BITMIME\r\n250 SIZE 52428800");
                        break;
                    case "HELO" or "MAIL" or "RCPT" or "RSET" or "NOOP":
                        await Reply(writer, "250 2.0.0 ok");
                        break;
                    case "DATA":
                        await Reply(writer, "354 go ahead");
                        var message = new StringBuilder();
                        string? data;
                        while ((data = await reader.ReadLineAsync(_stop.Token)) is not null && data != ".")
                            message.Append(data).Append('\n');
                        // A sender killed mid-DATA never sent the final dot: like a real server, store nothing.
                        if (data is null) return;
                        if (!await AnswerAsync(writer, message.ToString())) return;
                        break;
                    case "QUIT":
                        await Reply(writer, "221 bye");
                        return;
                    default:
                        await Reply(writer, "502 5.5.2 unknown command");
                        break;
                }
            }
        }
        catch (Exception) { /* a sender that went away mid-session */ }
    }

    // False when the connection is to be closed without an answer.
    private async Task<bool> AnswerAsync(StreamWriter writer, string message)
    {
        var match = MessageIdHeader().Match(message);
        var id = match.Success ? match.Groups[1].Value : "(none)";
        var before = _seen.AddOrUpdate(id, 1, (_, n) => n + 1) - 1;
        switch (_decide(id, before))
        {
            case SinkAnswer.TryLater:
                await Reply(writer, "451 4.3.0 try again later");
                return true;
            case SinkAnswer.Drop:
                return false;
            case SinkAnswer.StoreThenStall:
                _stored.AddOrUpdate(id, 1, (_, n) => n + 1);
                _stalled.Add(id);
                await Task.Delay(TimeSpan.FromSeconds(5), _stop.Token);
                return false;
            default:
                _stored.AddOrUpdate(id, 1, (_, n) => n + 1);
                await Reply(writer, "250 2.0.0 queued");
                return true;
        }
    }

    private async Task Reply(StreamWriter writer, string text)
    {
        await writer.WriteLineAsync(text);
        await writer.FlushAsync(_stop.Token);
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        try { await _accepting; } catch (Exception) { }
        _stop.Dispose();
    }
}
