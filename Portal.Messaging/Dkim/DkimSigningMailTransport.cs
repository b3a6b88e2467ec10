using MimeKit;
using Portal.Messaging.Sending;

namespace Portal.Messaging.Dkim;

/// <summary>
/// Signs every message just before it leaves, so nothing can change it after signing and every
/// path out of the product (outbox, notices, tests' pickup directory) is signed alike.
/// </summary>
public sealed class DkimSigningMailTransport(IMailTransport inner, DkimSigner signer) : IMailTransport, IAsyncDisposable
{
    /// <inheritdoc />
    public Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        signer.Sign(message);
        return inner.SendAsync(message, cancellationToken);
    }

    /// <summary>Disposes the wrapped transport (its connection), which the container no longer sees.</summary>
    public async ValueTask DisposeAsync()
    {
        switch (inner)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync();
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }
}
