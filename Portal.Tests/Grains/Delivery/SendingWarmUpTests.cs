using Microsoft.Extensions.DependencyInjection;
using Portal.Grains.Delivery;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Grains.Delivery;

/// <summary>A new marketing domain's daily volume ramps up; what is over a day's volume waits for the next day.</summary>
public sealed class SendingWarmUpTests : IAsyncLifetime
{
    private readonly PortalFactory _portal = PortalFactory.With(DeliveryDb.MarketingSettings(new()
    {
        ["Delivery:Marketing:WarmUpStarted"] = DateTime.UtcNow.ToString("yyyy-MM-dd"),
        ["Delivery:Marketing:WarmUpFirstDayVolume"] = "3",
    }));

    public Task InitializeAsync() => ((IAsyncLifetime)_portal).InitializeAsync();

    public Task DisposeAsync() => ((IAsyncLifetime)_portal).DisposeAsync();

    [Fact]
    public void The_daily_volume_grows_by_its_factor_until_it_no_longer_limits()
    {
        var warmUp = new SendingWarmUp(new MarketingPoolOptions { WarmUpStarted = new DateOnly(2030, 1, 1), WarmUpFirstDayVolume = 1000, WarmUpDailyGrowth = 2 });
        Assert.Equal(1000, warmUp.DailyLimit(new DateOnly(2029, 12, 31)));
        Assert.Equal(1000, warmUp.DailyLimit(new DateOnly(2030, 1, 1)));
        Assert.Equal(8000, warmUp.DailyLimit(new DateOnly(2030, 1, 4)));
        Assert.Equal(SendingWarmUp.Unlimited, warmUp.DailyLimit(new DateOnly(2030, 2, 1)));
        Assert.Equal(SendingWarmUp.Unlimited, new SendingWarmUp(new MarketingPoolOptions()).DailyLimit(new DateOnly(2030, 1, 1)));
    }

    [Fact]
    public async Task A_first_day_sends_only_its_volume_and_care_mail_is_not_held()
    {
        var mail = _portal.Services.GetRequiredService<MarketingMail>();
        var content = await mail.CreateContentAsync(Guid.NewGuid(), "Flu clinics are open", "Book: {{link}}\nLeave: {{unsubscribe}}");
        var marker = Guid.NewGuid().ToString("N")[..8];
        await mail.EnqueueAsync(content, [.. Enumerable.Range(0, 5).Select(i => new MarketingRecipient(Guid.NewGuid(), $"w{i}-{marker}@example.test"))]);
        await _portal.Smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address.EndsWith($"-{marker}@example.test")));
        await Task.Delay(2000);
        Assert.Equal(3, _portal.Smtp.Messages.Count(m => m.To.Mailboxes.Any(a => a.Address.EndsWith($"-{marker}@example.test"))));

        var staff = await _portal.CreateAccountAsync(Portal.Grains.Identity.PortalRoles.Staff);
        await _portal.Services.GetRequiredService<Portal.Grains.Outbox.OutboxWriter>().EnqueueAsync(Portal.Data.Outbox.OutboxKind.PasswordChanged, staff.Id);
        await _portal.Smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == staff.Email));
    }
}
