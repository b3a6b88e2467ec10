using Microsoft.EntityFrameworkCore;
using Portal.Messaging.Delivery;
using Portal.Data.Delivery;
using Portal.Data;

namespace Portal.Grains.Delivery;

/// <summary>Takes a recipient off a list given a signed unsubscribe token (RFC 8058 one-click or the page's button).</summary>
public sealed class Unsubscriber(UnsubscribeTokens tokens, IDbContextFactory<PortalDbContext> dbFactory, IGrainFactory grains, TimeProvider clock)
{
    /// <summary>False when the token is forged, altered or expired; true once the recipient is off the list (repeats are harmless).</summary>
    public async Task<bool> UnsubscribeAsync(string? token, CancellationToken cancellationToken = default)
    {
        if (!tokens.TryVerify(token, out var request)) return false;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // A patient who unsubscribes from marketing mail has said no to marketing by email: their preference says so too.
        if (await db.Patients.AnyAsync(p => p.Id == request.RecipientId, cancellationToken))
            await grains.GetGrain<Audience.Consent.IPatientConsentGrain>(request.RecipientId)
                .SetPreferenceAsync(Data.Audience.ContactPurpose.Marketing, Data.Audience.ContactChannel.Email, false, Audit.AuditActor.System);
        if (await db.ListUnsubscriptions.AnyAsync(u => u.RecipientId == request.RecipientId && u.ListId == request.ListId, cancellationToken))
            return true;
        db.ListUnsubscriptions.Add(new ListUnsubscription { RecipientId = request.RecipientId, ListId = request.ListId, AtUtc = clock.GetUtcNow().UtcDateTime });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The same link was clicked twice at once; the first one recorded it.
        }
        return true;
    }

    /// <summary>Whether the token is genuine, without acting on it (for the confirmation page).</summary>
    public bool IsGenuine(string? token) => tokens.TryVerify(token, out _);
}
