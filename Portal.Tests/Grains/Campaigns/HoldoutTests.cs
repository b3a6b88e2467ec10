using Portal.Grains.Campaigns;

namespace Portal.Tests.Grains.Campaigns;

public sealed class HoldoutTests
{
    private static readonly IReadOnlyList<CampaignRecipient> Recipients = [.. Enumerable.Range(0, 1000).Select(_ => new CampaignRecipient(Guid.NewGuid(), null))];

    [Fact]
    public void The_share_is_exact_repeatable_and_differs_between_campaigns()
    {
        var campaign = Guid.NewGuid();
        var (send, held) = Holdout.Split(campaign, Recipients, 10);
        Assert.Equal((900, 100), (send.Count, held.Count));
        Assert.Equal(held.Select(r => r.PatientId), Holdout.Split(campaign, Recipients, 10).HeldOut.Select(r => r.PatientId));
        var other = Holdout.Split(Guid.NewGuid(), Recipients, 10).HeldOut.Select(r => r.PatientId);
        Assert.True(held.Select(r => r.PatientId).Intersect(other).Count() < 40, "two campaigns hold out mostly different patients");
        Assert.Equal(1000, Holdout.Split(campaign, Recipients, 0).Send.Count);
    }
}
