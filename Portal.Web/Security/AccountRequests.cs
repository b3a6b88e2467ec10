using System.Threading.Channels;
using Microsoft.AspNetCore.Identity;
using Portal.Grains.Audit;
using Portal.Grains.Identity;
using Portal.Grains.Outbox;
using Portal.Data.Identity;
using Portal.Data.Outbox;

namespace Portal.Web.Security;

/// <summary>A request whose answer must not reveal whether an account exists.</summary>
public sealed record AccountRequest(AccountRequestKind Kind, string Email, string? ClientAddress);

public enum AccountRequestKind { PasswordReset, Registration }

/// <summary>
/// Password-reset and registration requests are answered at once, the same way for every address,
/// and handled here afterwards: the page never waits on whether the account exists, so neither its
/// words nor its timing can tell. A request lost in a crash costs the user a retry, nothing more.
/// </summary>
public sealed class AccountRequestQueue
{
    private readonly Channel<AccountRequest> _channel = Channel.CreateBounded<AccountRequest>(
        new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest });

    public void Enqueue(AccountRequest request) => _channel.Writer.TryWrite(request);

    public IAsyncEnumerable<AccountRequest> ReadAllAsync(CancellationToken cancellationToken) => _channel.Reader.ReadAllAsync(cancellationToken);
}

public sealed partial class AccountRequestProcessor(
    AccountRequestQueue queue,
    IServiceScopeFactory scopes,
    AccountEmails emails,
    OutboxWriter outbox,
    IAuditLog audit,
    TimeProvider clock,
    ILogger<AccountRequestProcessor> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var request in queue.ReadAllAsync(stoppingToken))
        {
            try
            {
                await HandleAsync(request);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(request.Kind, ex.GetType().Name);
            }
        }
    }

    /// <summary>Handles one request now (the queue calls this; tests may too).</summary>
    public async Task HandleAsync(AccountRequest request)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = await users.FindByEmailAsync(request.Email);
        var actor = new AuditActor(user?.Id ?? Guid.Empty, "account", request.ClientAddress);
        var provisioned = user is { InvitedUtc: not null } || (user is { EmailConfirmed: false } && (await users.GetRolesAsync(user)).Count > 0);

        switch (request.Kind)
        {
            case AccountRequestKind.PasswordReset when user is { EmailConfirmed: true, DeactivatedUtc: null }:
                await outbox.EnqueueAsync(OutboxKind.PasswordReset, user.Id);
                await audit.WriteAsync(new AuditRecord(AuditActions.PasswordResetRequested, AuditOutcomes.Success, actor));
                break;
            case AccountRequestKind.PasswordReset:
                await audit.WriteAsync(new AuditRecord(AuditActions.PasswordResetRequested, AuditOutcomes.NotFound, actor));
                break;
            case AccountRequestKind.Registration when provisioned:
                // An invited (or otherwise provisioned) account is finished from its own invitation, never made a patient here.
                await audit.WriteAsync(new AuditRecord(AuditActions.RegistrationRequested, AuditOutcomes.Denied, actor));
                break;
            case AccountRequestKind.Registration when user is { EmailConfirmed: true }:
                // The owner learns someone tried; the person asking learns nothing.
                await outbox.EnqueueAsync(OutboxKind.RegistrationExists, user.Id);
                await audit.WriteAsync(new AuditRecord(AuditActions.RegistrationRequested, AuditOutcomes.Denied, actor));
                break;
            case AccountRequestKind.Registration:
                user ??= await CreatePendingAsync(users, request.Email);
                if (user is null) break;
                await outbox.EnqueueAsync(OutboxKind.RegistrationLink, user.Id);
                await audit.WriteAsync(new AuditRecord(AuditActions.RegistrationRequested, AuditOutcomes.Success, actor with { UserId = user.Id }));
                break;
        }
    }

    /// <summary>An account that exists only to receive its confirmation link: no password, no role, cannot sign in.</summary>
    private async Task<PortalUser?> CreatePendingAsync(UserManager<PortalUser> users, string email)
    {
        var user = new PortalUser { Id = Guid.CreateVersion7(), CreatedUtc = clock.GetUtcNow().UtcDateTime };
        await emails.AssignAsync(user, email);
        var created = await users.CreateAsync(user);
        return created.Succeeded ? user : null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Handling a {Kind} request failed: {ErrorType}")]
    private partial void LogFailed(AccountRequestKind kind, string errorType);
}
