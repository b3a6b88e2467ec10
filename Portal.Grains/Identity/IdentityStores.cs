using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;

namespace Portal.Grains.Identity;

/// <summary>Several account changes through Identity's managers that must commit together or not at all.</summary>
public interface IIdentityTransactions
{
    /// <summary>Starts a transaction on the context this request's Identity stores write through.</summary>
    Task<IIdentityTransaction> BeginAsync(CancellationToken cancellationToken = default);
}

public interface IIdentityTransaction : IAsyncDisposable
{
    Task CommitAsync(CancellationToken cancellationToken = default);
}

public static class IdentityStores
{
    /// <summary>Identity's stores on the portal database (users, roles, tokens), with authenticator secrets encrypted
    /// (<see cref="ProtectedUserStore"/>), and the account services the web host signs people in with.</summary>
    public static IdentityBuilder AddPortalStores(this IdentityBuilder builder)
    {
        builder.AddEntityFrameworkStores<PortalDbContext>().AddUserStore<ProtectedUserStore>();
        var services = builder.Services;
        services.AddScoped<IIdentityTransactions, ScopedIdentityTransactions>();
        services.AddSingleton<ISessionStore, SessionStore>();
        services.AddSingleton<IRecoveryCodes, RecoveryCodes>();
        services.AddSingleton<ITotpStepLedger, TotpStepLedger>();
        services.AddSingleton<IKnownDevices, KnownDevices>();
        services.AddSingleton<IPasskeyStore, PasskeyStore>();
        services.AddOptions<AccountLifetimeOptions>().BindConfiguration(AccountLifetimeOptions.SectionName)
            .Validate(o => o.InvitationLifetime > TimeSpan.Zero && o.UnfinishedRegistrationLifetime > TimeSpan.Zero && o.SweepInterval > TimeSpan.Zero,
                "Accounts lifetimes and sweep interval must be positive.").ValidateOnStart();
        services.AddSingleton<IAccountDirectory, AccountDirectory>();
        services.AddSingleton<ApiKeys>();
        services.AddSingleton<UnfinishedAccountSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<UnfinishedAccountSweeper>());
        return builder;
    }

    private sealed class ScopedIdentityTransactions(PortalDbContext context) : IIdentityTransactions
    {
        public async Task<IIdentityTransaction> BeginAsync(CancellationToken cancellationToken = default) =>
            new Transaction(await context.Database.BeginTransactionAsync(cancellationToken));

        private sealed class Transaction(Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction inner) : IIdentityTransaction
        {
            public Task CommitAsync(CancellationToken cancellationToken = default) => inner.CommitAsync(cancellationToken);
            public ValueTask DisposeAsync() => inner.DisposeAsync();
        }
    }
}
