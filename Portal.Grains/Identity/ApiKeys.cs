using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Api;
using Portal.Grains.Audit;

namespace Portal.Grains.Identity;

/// <summary>What an API key may do. Each endpoint requires one.</summary>
public static class ApiScopes
{
    public const string PatientsImport = "patients:import";

    public static readonly IReadOnlyDictionary<string, string> All = new Dictionary<string, string>
    {
        [PatientsImport] = "Import patients, diagnoses and appointments (FHIR bundles, CSV) and read the import's report",
    };
}

/// <summary>A key as the admin page lists it; never its secret.</summary>
public sealed record ApiKeyListing(Guid Id, string Name, IReadOnlyList<string> Scopes, Guid ActsForAccountId, string ActsForName,
    DateTime CreatedUtc, DateTime ExpiresUtc, DateTime? RevokedUtc, DateTime? LastUsedUtc)
{
    public bool IsUsable(DateTime now) => RevokedUtc is null && ExpiresUtc > now;
}

/// <summary>A new key: the secret is shown this once and kept nowhere.</summary>
public sealed record IssuedApiKey(Guid Id, string Secret, DateTime ExpiresUtc);

public sealed record ApiKeyResult(IssuedApiKey? Key, string? Problem)
{
    public static ApiKeyResult Refused(string problem) => new(null, problem);
}

/// <summary>Who an authenticated API request acts as.</summary>
public sealed record ApiCaller(Guid KeyId, Guid AccountId, string Role, IReadOnlyList<string> Scopes);

/// <summary>
/// Admins create, rotate and revoke API keys; every request presents one. A key reads
/// <c>ptl_{id}_{secret}</c>: the id finds the row, the secret's SHA-256 is compared in constant time. A key works only
/// while it is unrevoked, unexpired and the staff account it acts as is active and still staff.
/// </summary>
public sealed class ApiKeys(IDbContextFactory<PortalDbContext> dbFactory, IAuditLog audit, TimeProvider clock)
{
    public const string Prefix = "ptl_";
    public const int MaxNameLength = 100;

    /// <summary>How long a rotated key keeps working beside its replacement, so callers can switch without an outage.</summary>
    public static readonly TimeSpan RotationOverlap = TimeSpan.FromHours(24);

    /// <summary>Last use is written at most this often, so a busy key does not write on every request.</summary>
    private static readonly TimeSpan LastUseResolution = TimeSpan.FromMinutes(1);

    public async Task<IReadOnlyList<ApiKeyListing>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await (from key in db.ApiKeys.AsNoTracking()
                          join user in db.Users on key.ActsForAccountId equals user.Id
                          orderby key.CreatedUtc descending
                          select new { key, user.DisplayName }).ToListAsync(cancellationToken);
        return rows.Select(r => new ApiKeyListing(r.key.Id, r.key.Name, SplitScopes(r.key.Scopes), r.key.ActsForAccountId, r.DisplayName,
            r.key.CreatedUtc, r.key.ExpiresUtc, r.key.RevokedUtc, r.key.LastUsedUtc)).ToList();
    }

    /// <summary>The accounts a key may act as: active staff and admins, by name.</summary>
    public async Task<IReadOnlyList<(Guid Id, string DisplayName)>> ActingAccountsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await (from user in db.Users
                          where user.DeactivatedUtc == null && user.PasswordHash != null
                          join link in db.UserRoles on user.Id equals link.UserId
                          join role in db.Roles on link.RoleId equals role.Id
                          where role.Name == PortalRoles.Staff || role.Name == PortalRoles.Admin
                          orderby user.DisplayName
                          select new { user.Id, user.DisplayName }).Distinct().Take(1000).ToListAsync(cancellationToken);
        return rows.Select(r => (r.Id, r.DisplayName)).ToList();
    }

    public async Task<ApiKeyResult> CreateAsync(string? name, IReadOnlyCollection<string> scopes, Guid actsForAccountId, int lifetimeDays,
        AuditActor admin, CancellationToken cancellationToken = default)
    {
        name = name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength || name.Any(char.IsControl))
            return ApiKeyResult.Refused($"Give the key a name of up to {MaxNameLength} characters, e.g. the system that will use it.");
        if (scopes.Count == 0) return ApiKeyResult.Refused("Choose at least one thing the key may do.");
        if (scopes.FirstOrDefault(s => !ApiScopes.All.ContainsKey(s)) is { } unknown) return ApiKeyResult.Refused($"There is no scope \"{unknown}\".");
        if (lifetimeDays is < 1 or > 730) return ApiKeyResult.Refused("A key expires after 1 to 730 days.");
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await ActingRoleAsync(db, actsForAccountId, cancellationToken) is null)
            return ApiKeyResult.Refused("A key acts as an active staff or admin account: choose one.");
        var now = clock.GetUtcNow().UtcDateTime;
        var (row, issued) = NewKey(name, string.Join(' ', scopes.Distinct().Order()), actsForAccountId, admin.UserId, now, now.AddDays(lifetimeDays));
        db.ApiKeys.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        await audit.WriteAsync(new AuditRecord(AuditActions.ApiKeyCreated, AuditOutcomes.Success, admin, TargetId: row.Id.ToString()), cancellationToken);
        return new ApiKeyResult(issued, null);
    }

    /// <summary>Issues a replacement with the same name, scopes, account and lifetime; the old key stops after <see cref="RotationOverlap"/>.</summary>
    public async Task<ApiKeyResult> RotateAsync(Guid id, AuditActor admin, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var old = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == id, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        if (old is null || old.RevokedUtc is not null || old.ExpiresUtc <= now) return ApiKeyResult.Refused("Only a key in use can be rotated; create a new one instead.");
        if (await ActingRoleAsync(db, old.ActsForAccountId, cancellationToken) is null)
            return ApiKeyResult.Refused("The account this key acts as is no longer an active staff account: create a key for another one.");
        var lifetime = old.ExpiresUtc - old.CreatedUtc;
        var (row, issued) = NewKey(old.Name, old.Scopes, old.ActsForAccountId, admin.UserId, now, now + lifetime);
        row.ReplacesKeyId = old.Id;
        if (old.ExpiresUtc > now + RotationOverlap) old.ExpiresUtc = now + RotationOverlap;
        db.ApiKeys.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        await audit.WriteAsync(new AuditRecord(AuditActions.ApiKeyRotated, AuditOutcomes.Success, admin, TargetId: old.Id.ToString() /* the new key names it in ReplacesKeyId */), cancellationToken);
        return new ApiKeyResult(issued, null);
    }

    /// <summary>Stops the key at once.</summary>
    public async Task<bool> RevokeAsync(Guid id, AuditActor admin, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var revoked = await db.ApiKeys.Where(k => k.Id == id && k.RevokedUtc == null).ExecuteUpdateAsync(k => k.SetProperty(x => x.RevokedUtc, now), cancellationToken) == 1;
        await audit.WriteAsync(new AuditRecord(AuditActions.ApiKeyRevoked, revoked ? AuditOutcomes.Success : AuditOutcomes.NotFound, admin, TargetId: id.ToString()), cancellationToken);
        return revoked;
    }

    /// <summary>The caller a presented key stands for, or null (malformed, unknown, wrong secret, revoked, expired, account no longer staff).</summary>
    public async Task<ApiCaller?> AuthenticateAsync(string presented, CancellationToken cancellationToken = default)
    {
        if (!TryParse(presented, out var id, out var secret)) return null;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var key = await db.ApiKeys.AsNoTracking().SingleOrDefaultAsync(k => k.Id == id, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        if (key is null || !CryptographicOperations.FixedTimeEquals(SHA256.HashData(secret), key.SecretHash) || key.RevokedUtc is not null || key.ExpiresUtc <= now)
            return null;
        if (await ActingRoleAsync(db, key.ActsForAccountId, cancellationToken) is not { } role) return null;
        if (key.LastUsedUtc is null || now - key.LastUsedUtc > LastUseResolution)
            await db.ApiKeys.Where(k => k.Id == id).ExecuteUpdateAsync(k => k.SetProperty(x => x.LastUsedUtc, now), cancellationToken);
        return new ApiCaller(key.Id, key.ActsForAccountId, role, SplitScopes(key.Scopes));
    }

    private static (ApiKey Row, IssuedApiKey Issued) NewKey(string name, string scopes, Guid actsFor, Guid createdBy, DateTime now, DateTime expires)
    {
        var id = Guid.CreateVersion7();
        var secret = RandomNumberGenerator.GetBytes(32);
        var row = new ApiKey
        {
            Id = id, Name = name, SecretHash = SHA256.HashData(secret), Scopes = scopes, ActsForAccountId = actsFor,
            CreatedBy = createdBy, CreatedUtc = now, ExpiresUtc = expires,
        };
        return (row, new IssuedApiKey(id, $"{Prefix}{id:N}_{Base64Url.EncodeToString(secret)}", expires));
    }

    private static bool TryParse(string presented, out Guid id, out byte[] secret)
    {
        id = Guid.Empty;
        secret = [];
        // ptl_ + 32 hex + _ + 43 base64url characters.
        if (presented.Length != Prefix.Length + 32 + 1 + 43 || !presented.StartsWith(Prefix, StringComparison.Ordinal) || presented[Prefix.Length + 32] != '_') return false;
        if (!Guid.TryParseExact(presented.AsSpan(Prefix.Length, 32), "N", out id)) return false;
        try { secret = Base64Url.DecodeFromChars(presented.AsSpan(Prefix.Length + 33)); }
        catch (FormatException) { return false; }
        return secret.Length == 32;
    }

    private static IReadOnlyList<string> SplitScopes(string scopes) => scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The account's role if it is an active staff or admin account.</summary>
    private static async Task<string?> ActingRoleAsync(PortalDbContext db, Guid accountId, CancellationToken cancellationToken)
    {
        var roles = await (from user in db.Users
                           where user.Id == accountId && user.DeactivatedUtc == null && user.PasswordHash != null
                           join link in db.UserRoles on user.Id equals link.UserId
                           join role in db.Roles on link.RoleId equals role.Id
                           select role.Name!).ToListAsync(cancellationToken);
        return roles.Contains(PortalRoles.Admin) ? PortalRoles.Admin : roles.Contains(PortalRoles.Staff) ? PortalRoles.Staff : null;
    }
}
