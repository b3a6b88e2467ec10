using System.Net.Sockets;
using System.Text;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Grains.Delivery;

/// <summary>
/// The bounce listener faces the internet: a sender that lies about size, floods connections or sits
/// idle must be cut off, spoken to over a raw socket as an abusive client would.
/// </summary>
public sealed class BounceListenerLimitsTests(BounceListenerLimitsTests.Listener listener) : IClassFixture<BounceListenerLimitsTests.Listener>
{
    private const int Limit = 256 * 1024;
    private readonly int _port = listener.Port;

    /// <summary>One portal for the class, its bounce listener with small limits.</summary>
    public sealed class Listener : IAsyncLifetime
    {
        public int Port { get; } = FreePort.Next();
        private readonly PortalFactory _portal;

        public Listener() => _portal = PortalFactory.With(new Dictionary<string, string?>
        {
            ["Delivery:BounceAddress"] = "bounces@portal.test",
            ["Delivery:BounceListenerPort"] = Port.ToString(),
            ["Delivery:BounceListenerMaxMessageBytes"] = Limit.ToString(),
            ["Delivery:BounceListenerMaxSessions"] = "2",
            ["Delivery:BounceListenerCommandTimeout"] = "00:00:02",
            ["Delivery:BounceListenerSessionTimeout"] = "00:00:30",
        });

        public async Task InitializeAsync()
        {
            await ((IAsyncLifetime)_portal).InitializeAsync();
            // The listener starts in the background with the host: wait until it answers.
            await DeliveryDb.EventuallyAsync(async () =>
            {
                try
                {
                    using var probe = await RawSmtp.ConnectAsync(Port);
                    var greeting = await probe.ReadReplyAsync();
                    await probe.CommandAsync("QUIT");
                    return greeting.StartsWith("220");
                }
                catch (SocketException) { return false; }
            }, what: "the bounce listener");
        }

        public Task DisposeAsync() => ((IAsyncLifetime)_portal).DisposeAsync();
    }

    /// <summary>Waits until the listener has a free slot (earlier tests' sessions end asynchronously), then holds it.</summary>
    private async Task<RawSmtp> SessionAsync()
    {
        RawSmtp? session = null;
        await DeliveryDb.EventuallyAsync(async () =>
        {
            session?.Dispose();
            session = await RawSmtp.ConnectAsync(_port);
            return (await session.ReadReplyAsync()).StartsWith("220");
        }, what: "a free session slot");
        return session!;
    }

    [Fact]
    public async Task A_message_declared_larger_than_the_limit_is_refused_at_MAIL()
    {
        using var smtp = await SessionAsync();
        var ehlo = await smtp.CommandAsync("EHLO mx.example.test");
        Assert.Contains($"SIZE {Limit}", ehlo);
        Assert.StartsWith("552", await smtp.CommandAsync("MAIL FROM:<> SIZE=600000000"));
    }

    [Fact]
    public async Task Data_beyond_the_limit_is_refused_while_it_arrives_and_never_accepted()
    {
        using var smtp = await SessionAsync();
        await smtp.CommandAsync("EHLO mx.example.test");
        Assert.StartsWith("250", await smtp.CommandAsync("MAIL FROM:<>"));
        Assert.StartsWith("250", await smtp.CommandAsync("RCPT TO:<bounces@portal.test>"));
        Assert.StartsWith("354", await smtp.CommandAsync("DATA"));

        // Forty times the limit, without SIZE: the listener must stop taking it long before the end.
        var line = Encoding.ASCII.GetBytes(new string('x', 998) + "\r\n");
        long sent = 0;
        var cutOff = false;
        try
        {
            while (sent < 40L * Limit)
            {
                await smtp.Stream.WriteAsync(line);
                sent += line.Length;
            }
            await smtp.Stream.WriteAsync(".\r\n"u8.ToArray());
        }
        catch (IOException)
        {
            cutOff = true;
        }

        var reply = cutOff ? "" : await smtp.ReadReplyAsync();
        Assert.False(reply.StartsWith("250"), $"The listener accepted {sent} bytes against a limit of {Limit}: {reply}");
        Assert.True(cutOff || reply.StartsWith("552") || reply == "", $"Expected 552 or a closed connection, got '{reply}'");
    }

    [Fact]
    public async Task Sessions_beyond_the_limit_are_told_421_and_a_freed_slot_serves_the_next()
    {
        using var first = await SessionAsync();
        using var second = await SessionAsync();

        using (var third = await RawSmtp.ConnectAsync(_port))
            Assert.StartsWith("421", await third.ReadReplyAsync());

        await first.CommandAsync("QUIT");
        first.Dispose();
        await DeliveryDb.EventuallyAsync(async () =>
        {
            using var next = await RawSmtp.ConnectAsync(_port);
            return (await next.ReadReplyAsync()).StartsWith("220");
        }, what: "a session slot given back");
    }

    [Fact]
    public async Task An_idle_session_is_closed_after_the_command_timeout()
    {
        using var idle = await SessionAsync();
        var started = DateTime.UtcNow;
        var reply = await idle.ReadReplyAsync(TimeSpan.FromSeconds(20));
        // SmtpServer says goodbye (221 with the reason) and closes: nothing more arrives.
        Assert.True(reply == "" || reply.Contains("Timeout"), $"An idle session got '{reply}'");
        Assert.Equal("", await idle.ReadReplyAsync(TimeSpan.FromSeconds(5)));
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(15), "The idle session was not closed within the command timeout");
    }

    /// <summary>An SMTP client that says exactly what the test writes, line by line.</summary>
    public sealed class RawSmtp(TcpClient client) : IDisposable
    {
        public NetworkStream Stream { get; } = client.GetStream();
        private readonly StreamReader _reader = new(client.GetStream(), Encoding.ASCII);

        public static async Task<RawSmtp> ConnectAsync(int port)
        {
            var client = new TcpClient { NoDelay = true };
            await client.ConnectAsync("127.0.0.1", port);
            return new RawSmtp(client);
        }

        public async Task<string> CommandAsync(string command)
        {
            await Stream.WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"));
            return await ReadReplyAsync();
        }

        /// <summary>A whole (possibly multi-line) reply; empty when the server closed the connection.</summary>
        public async Task<string> ReadReplyAsync(TimeSpan? timeout = null)
        {
            using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
            var reply = new StringBuilder();
            try
            {
                while (await _reader.ReadLineAsync(cancel.Token) is { } line)
                {
                    reply.AppendLine(line);
                    if (line.Length < 4 || line[3] != '-') break;
                }
            }
            catch (IOException)
            {
                // Reset by the server: the reply so far is the answer.
            }
            return reply.ToString();
        }

        public void Dispose() => client.Dispose();
    }
}
