using System.Security.Cryptography;

namespace Portal.Grains.Campaigns;

/// <summary>
/// Chooses a campaign's holdout group: the given share of its recipients, picked by a hash of the campaign and the
/// patient, so the choice is random across patients, the same if queuing is repeated, and independent between
/// campaigns (no patient is always held out).
/// </summary>
public static class Holdout
{
    public static (IReadOnlyList<CampaignRecipient> Send, IReadOnlyList<CampaignRecipient> HeldOut) Split(Guid campaignId, IReadOnlyList<CampaignRecipient> recipients, int percent)
    {
        if (percent <= 0 || recipients.Count == 0) return (recipients, []);
        var count = (int)Math.Floor(recipients.Count * percent / 100.0);
        var campaign = campaignId.ToByteArray();
        var ranked = recipients.OrderBy(r => Rank(campaign, r.PatientId)).ToList();
        return (ranked.Skip(count).ToList(), ranked.Take(count).ToList());
    }

    private static ulong Rank(byte[] campaign, Guid patientId)
    {
        Span<byte> input = stackalloc byte[32];
        campaign.CopyTo(input);
        patientId.TryWriteBytes(input[16..]);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(input, hash);
        return BitConverter.ToUInt64(hash);
    }
}
