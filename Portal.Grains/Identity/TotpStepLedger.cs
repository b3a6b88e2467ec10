using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Identity;

namespace Portal.Grains.Identity;

/// <summary>The last authenticator time step each account has used, so a code (and every earlier one) works once.</summary>
public interface ITotpStepLedger
{
    /// <summary>Marks <paramref name="step"/> used if it is later than the last; of two requests with the same code only one wins.</summary>
    Task<bool> SpendAsync(Guid userId, long step);
}

public sealed class TotpStepLedger(IDbContextFactory<PortalDbContext> dbFactory) : ITotpStepLedger
{
    public async Task<bool> SpendAsync(Guid userId, long step)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var advanced = await db.TotpStepUses
            .Where(u => u.UserId == userId && u.LastTimeStep < step)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.LastTimeStep, step));
        if (advanced == 1)
            return true;
        if (await db.TotpStepUses.AnyAsync(u => u.UserId == userId))
            return false;
        db.TotpStepUses.Add(new TotpStepUse { UserId = userId, LastTimeStep = step });
        try
        {
            await db.SaveChangesAsync();
            return true;
        }
        catch (DbUpdateException)
        {
            return false; // a concurrent request inserted first and won
        }
    }
}
