using SmtpServer;
using SmtpServer.IO;
using SmtpServer.Net;

namespace Portal.Grains.Delivery;

/// <summary>
/// Serves at most a fixed number of SMTP sessions at once. A connection beyond it is answered
/// <c>421</c> and closed at once (RFC 5321 3.8), so a flood of idle connections cannot hold the
/// listener's memory or its accept loop; the sender retries later as for any busy server.
/// </summary>
internal sealed class SessionLimitedListenerFactory(int maxSessions) : IEndpointListenerFactory
{
    private static readonly ReadOnlyMemory<byte> Busy = "421 4.3.2 Too many connections, try again later\r\n"u8.ToArray();
    private readonly SemaphoreSlim _slots = new(maxSessions, maxSessions);
    private readonly EndpointListenerFactory _inner = new();

    public IEndpointListener CreateListener(IEndpointDefinition endpointDefinition) =>
        new Listener(_inner.CreateListener(endpointDefinition), _slots);

    private sealed class Listener(IEndpointListener inner, SemaphoreSlim slots) : IEndpointListener
    {
        public async Task<ISecurableDuplexPipe> GetPipeAsync(ISessionContext context, CancellationToken cancellationToken)
        {
            while (true)
            {
                var pipe = await inner.GetPipeAsync(context, cancellationToken);
                if (slots.Wait(0, CancellationToken.None)) // never waits: a full listener answers "busy" instead
                    return new SlotHoldingPipe(pipe, slots);
                try
                {
                    await pipe.Output.WriteAsync(Busy, cancellationToken);
                }
                catch (IOException)
                {
                    // The caller hung up first: nothing to tell it.
                }
                pipe.Dispose();
            }
        }

        public void Dispose() => inner.Dispose();
    }

    /// <summary>The session's connection; its slot is given back when the session disposes it.</summary>
    private sealed class SlotHoldingPipe(ISecurableDuplexPipe inner, SemaphoreSlim slots) : ISecurableDuplexPipe
    {
        private int _released;

        public System.IO.Pipelines.PipeReader Input => inner.Input;
        public System.IO.Pipelines.PipeWriter Output => inner.Output;
        public bool IsSecure => inner.IsSecure;
        public System.Security.Authentication.SslProtocols SslProtocol => inner.SslProtocol;

        public Task UpgradeAsync(System.Security.Cryptography.X509Certificates.X509Certificate certificate, System.Security.Authentication.SslProtocols protocols, CancellationToken cancellationToken = default) =>
            inner.UpgradeAsync(certificate, protocols, cancellationToken);

        public void Dispose()
        {
            inner.Dispose();
            if (Interlocked.Exchange(ref _released, 1) == 0)
                slots.Release();
        }
    }
}
