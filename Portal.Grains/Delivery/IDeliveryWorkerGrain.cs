namespace Portal.Grains.Delivery;

/// <summary>A delivery worker: drains due outbox rows batch by batch. Holds nothing that matters between calls.</summary>
public interface IDeliveryWorkerGrain : IGrainWithIntegerKey
{
    /// <summary>Sends up to <paramref name="maxBatches"/> batches of <paramref name="pool"/>; returns how many rows were leased (0 when nothing was due).</summary>
    Task<int> DrainAsync(int maxBatches, Data.Outbox.OutboxPool pool);
}
