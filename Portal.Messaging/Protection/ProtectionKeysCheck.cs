using Microsoft.Extensions.Hosting;

namespace Portal.Messaging.Protection;

/// <summary>
/// Loads the organisation's S/MIME certificate and OpenPGP key at start-up, so a wrong path or
/// password stops the product with a clear reason instead of failing every later send.
/// </summary>
public sealed class ProtectionKeysCheck(OrganisationSmime smime, OrganisationPgp pgp) : IHostedService
{
    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        Load(() => smime.Protector, "the S/MIME signing certificate (Smime:CertificatePath, Smime:CertificatePassword)");
        Load(() => pgp.Protector, "the OpenPGP signing key (OpenPgp:SecretKeyPath, OpenPgp:Passphrase)");
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static void Load(Func<object?> load, string what)
    {
        try
        {
            load();
        }
        catch (Exception ex)
        {
            throw new InvalidOperationException($"Could not load {what}: {ex.GetType().Name}. Fix the setting or remove it to turn the feature off.", ex);
        }
    }
}
