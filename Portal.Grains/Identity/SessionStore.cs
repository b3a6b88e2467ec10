using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Grains.Audit;
using Portal.Data.Identity;
using Portal.Data;

namespace Portal.Grains.Identity;

/// <summary>Server-side sessions: created at each sign-in (so the id rotates), checked on every request, revocable.</summary>
public interface ISessionStore
{
    Task<Guid> CreateAsync(Guid userId, bool secondFactorProved, string? clientAddress, string? userAgent);

    /// <summary>True while the session is neither revoked, idle too long, nor too old; records the activity.</summary>
    Task<bool> CheckAndTouchAsync(Guid sessionId, Guid userId, string? clientAddress);

    Task<DateTime?> SecondFactorTimeAsync(Guid sessionId);

    /// <summary>True when the session proved a second factor within <see cref="SessionLimitsOptions.StepUpMaxAge"/>.</summary>
    Task<bool> HasRecentSecondFactorAsync(Guid? sessionId);

    Task MarkSecondFactorAsync(Guid sessionId);
    Task RevokeAsync(Guid sessionId, string reason);

    /// <summary>Ends every session of the user except <paramref name="keep"/> (e.g. after a password or factor change).</summary>
    Task<int> RevokeOthersAsync(Guid userId, Guid? keep, string reason);

    /// <summary>The user's sessions still open and seen since <paramref name="seenSince"/>, most recent first.</summary>
    Task<IReadOnlyList<UserSession>> ListOpenAsync(Guid userId, DateTime seenSince, CancellationToken cancellationToken = default);
}

public sealed class SessionStore(IDbContextFactory<PortalDbContext> dbFactory, IOptions<SessionLimitsOptions> options, IAuditLog audit, TimeProvider clock)
    : ISessionStore
{
    // Writing the last-seen time on every request would turn every page view into a database write.
    private static readonly TimeSpan TouchInterval = TimeSpan.FromSeconds(30);

    public async Task<Guid> CreateAsync(Guid userId, bool secondFactorProved, string? clientAddress, string? userAgent)
    {
        var now = Now;
        var session = new UserSession
        {
            Id = Guid.NewGuid(),
            UserId = userId,
            CreatedUtc = now,
            LastSeenUtc = now,
            SecondFactorUtc = secondFactorProved ? now : null,
            ClientAddress = clientAddress,
            UserAgent = userAgent is { Length: > 256 } ? userAgent[..256] : userAgent,
        };
        await using var db = await dbFactory.CreateDbContextAsync();
        db.UserSessions.Add(session);
        await db.SaveChangesAsync();
        return session.Id;
    }

    public async Task<bool> CheckAndTouchAsync(Guid sessionId, Guid userId, string? clientAddress)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var session = await db.UserSessions.SingleOrDefaultAsync(s => s.Id == sessionId && s.UserId == userId);
        if (session is null || session.RevokedUtc is not null)
            return false;

        var now = Now;
        var expiry = now - session.LastSeenUtc > options.Value.IdleTimeout ? "idle-timeout"
            : now - session.CreatedUtc > options.Value.AbsoluteLifetime ? "absolute-lifetime"
            : null;
        if (expiry is not null)
        {
            session.RevokedUtc = now;
            session.RevokedReason = expiry;
            await db.SaveChangesAsync();
            await audit.WriteAsync(new AuditRecord(AuditActions.SessionEnded, expiry, new AuditActor(userId, "account", clientAddress), TargetId: sessionId.ToString()));
            return false;
        }
        if (now - session.LastSeenUtc >= TouchInterval)
        {
            session.LastSeenUtc = now;
            await db.SaveChangesAsync();
        }
        return true;
    }

    public async Task<DateTime?> SecondFactorTimeAsync(Guid sessionId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.UserSessions.Where(s => s.Id == sessionId).Select(s => s.SecondFactorUtc).SingleOrDefaultAsync();
    }

    public async Task<bool> HasRecentSecondFactorAsync(Guid? sessionId)
    {
        if (sessionId is null)
            return false;
        var proved = await SecondFactorTimeAsync(sessionId.Value);
        return proved is not null && Now - proved.Value <= options.Value.StepUpMaxAge;
    }

    public async Task MarkSecondFactorAsync(Guid sessionId)
    {
        var now = Now;
        await using var db = await dbFactory.CreateDbContextAsync();
        await db.UserSessions.Where(s => s.Id == sessionId).ExecuteUpdateAsync(s => s.SetProperty(x => x.SecondFactorUtc, now));
    }

    public async Task RevokeAsync(Guid sessionId, string reason)
    {
        var now = Now;
        await using var db = await dbFactory.CreateDbContextAsync();
        await db.UserSessions.Where(s => s.Id == sessionId && s.RevokedUtc == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedUtc, now).SetProperty(x => x.RevokedReason, reason));
    }

    public async Task<int> RevokeOthersAsync(Guid userId, Guid? keep, string reason)
    {
        var now = Now;
        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.UserSessions.Where(s => s.UserId == userId && s.RevokedUtc == null && s.Id != keep)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedUtc, now).SetProperty(x => x.RevokedReason, reason));
    }

    public async Task<IReadOnlyList<UserSession>> ListOpenAsync(Guid userId, DateTime seenSince, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.UserSessions.AsNoTracking()
            .Where(s => s.UserId == userId && s.RevokedUtc == null && s.LastSeenUtc > seenSince)
            .OrderByDescending(s => s.LastSeenUtc)
            .ToListAsync(cancellationToken);
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
