using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Tests.Infrastructure;
using Portal.Data;

namespace Portal.Tests.Grains.Delivery;

/// <summary>Reads the product's database the way the product does, for assertions.</summary>
internal static class DeliveryDb
{
    public static async Task<T> QueryAsync<T>(this PortalFactory portal, Func<PortalDbContext, Task<T>> query)
    {
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await query(db);
    }

    /// <summary>How a secure message went out, as staff are shown it: the outbox row's outcome over the grain's decision.</summary>
    public static async Task<Portal.Grains.Delivery.MessageDelivery> SentAsAsync(this PortalFactory portal, Guid messageId) =>
        (await portal.Services.GetRequiredService<Portal.Grains.Delivery.DeliveryHistory>().ForMessagesAsync([messageId]))[messageId];

    /// <summary>The outcome sending stored on the message's outbox row, null until there is one.</summary>
    public static Task<Portal.Messaging.Policy.DeliveryMethod?> OutcomeMethodAsync(this PortalFactory portal, Guid messageId) =>
        portal.QueryAsync(db => db.Outbox.Where(r => r.ReferenceId == messageId && r.OutcomeMethod != null).Select(r => r.OutcomeMethod).FirstOrDefaultAsync());

    /// <summary>Polls until <paramref name="condition"/> holds, or fails after <paramref name="seconds"/>.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, int seconds = 20, string? what = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Timed out waiting for {what ?? "the condition"}.");
            await Task.Delay(50);
        }
    }

    /// <summary>Starts <paramref name="portal"/>; disposing the result stops it and removes its data and SMTP capture.</summary>
    public static async Task<IAsyncDisposable> StartAsync(this PortalFactory portal)
    {
        await ((IAsyncLifetime)portal).InitializeAsync();
        return new Stopper(portal);
    }

    private sealed class Stopper(PortalFactory portal) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await ((IAsyncLifetime)portal).DisposeAsync();
    }

    public static readonly string UnsubscribeKey = Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)(i * 7 + 1)).ToArray());

    /// <summary>Settings that turn on marketing mail (List-Unsubscribe) for a test portal.</summary>
    public static Dictionary<string, string?> MarketingSettings(Dictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Delivery:Unsubscribe:BaseUrl"] = $"{PortalFactory.PortalBaseUrl}/unsubscribe/",
            ["Delivery:Unsubscribe:MailtoAddress"] = "unsubscribe@portal.test",
            ["Delivery:Unsubscribe:SigningKey"] = UnsubscribeKey,
        };
        foreach (var (key, value) in more ?? []) settings[key] = value;
        return settings;
    }
}
