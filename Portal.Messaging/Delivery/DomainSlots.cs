namespace Portal.Messaging.Delivery;

/// <summary>
/// Bookkeeping for one destination domain: the idle connections, the count of open ones
/// (idle plus lent out) held at or under the limit, and callers waiting for a slot.
/// Connections to close are handed back in a list so the I/O happens outside the lock.
/// </summary>
internal sealed class DomainSlots(int maxConnections)
{
    private readonly object _lock = new();
    private readonly List<PooledConnection> _idle = [];
    private readonly LinkedList<Waiter> _waiters = new();
    private int _open;

    public (int Open, int Idle, int Waiting) Counts
    {
        get { lock (_lock) return (_open, _idle.Count, _waiters.Count); }
    }

    /// <summary>
    /// Returns an idle connection for <paramref name="key"/>, or null meaning "a slot is yours:
    /// open a connection". Waits while the domain is at its limit.
    /// </summary>
    public Task<PooledConnection?> TakeAsync(string key, DateTimeOffset expiredBefore, List<PooledConnection> toClose, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            RemoveExpiredLocked(expiredBefore, toClose);
            for (var i = _idle.Count - 1; i >= 0; i--)
            {
                if (_idle[i].Key != key) continue;
                // Most recently used first: it is the least likely to have been dropped by the server.
                var connection = _idle[i];
                _idle.RemoveAt(i);
                return Task.FromResult<PooledConnection?>(connection);
            }
            if (_open < maxConnections)
            {
                _open++;
                return Task.FromResult<PooledConnection?>(null);
            }
            if (_idle.Count > 0)
            {
                // At the limit with an idle connection to another host of the same domain: its slot is handed over.
                toClose.Add(_idle[0]);
                _idle.RemoveAt(0);
                return Task.FromResult<PooledConnection?>(null);
            }

            var waiter = new Waiter(key);
            var node = _waiters.AddLast(waiter);
            if (cancellationToken.CanBeCanceled)
            {
                waiter.Registration = cancellationToken.Register(() =>
                {
                    lock (_lock)
                    {
                        if (node.List is null) return;
                        _waiters.Remove(node);
                        waiter.Grant.TrySetCanceled(cancellationToken);
                    }
                });
            }
            return waiter.Grant.Task;
        }
    }

    /// <summary>Takes back a lent connection: reused when <paramref name="reusable"/>, otherwise its slot is freed.</summary>
    public void Return(PooledConnection connection, bool reusable, List<PooledConnection> toClose)
    {
        lock (_lock)
        {
            if (!reusable)
            {
                toClose.Add(connection);
                FreeSlotLocked();
                return;
            }
            for (var node = _waiters.First; node is not null; node = node.Next)
            {
                if (node.Value.Key != connection.Key) continue;
                _waiters.Remove(node);
                node.Value.Registration.Unregister();
                node.Value.Grant.TrySetResult(connection);
                return;
            }
            if (_waiters.First is { } first)
            {
                // Someone waits for another host of this domain: close ours so they may open theirs.
                toClose.Add(connection);
                _waiters.RemoveFirst();
                first.Value.Registration.Unregister();
                first.Value.Grant.TrySetResult(null);
                return;
            }
            _idle.Add(connection);
        }
    }

    /// <summary>Gives back a slot that was granted but never became a connection (opening it failed).</summary>
    public void ReleaseSlot()
    {
        lock (_lock) FreeSlotLocked();
    }

    /// <summary>Moves idle connections last used before <paramref name="expiredBefore"/> to <paramref name="toClose"/>.</summary>
    public void RemoveExpired(DateTimeOffset expiredBefore, List<PooledConnection> toClose)
    {
        lock (_lock) RemoveExpiredLocked(expiredBefore, toClose);
    }

    /// <summary>Empties the idle list and fails every waiter: the pool is shutting down.</summary>
    public void Drain(List<PooledConnection> toClose)
    {
        lock (_lock)
        {
            toClose.AddRange(_idle);
            _open -= _idle.Count;
            _idle.Clear();
            foreach (var waiter in _waiters)
            {
                waiter.Registration.Unregister();
                waiter.Grant.TrySetException(new ObjectDisposedException(nameof(SmtpConnectionPool)));
            }
            _waiters.Clear();
        }
    }

    private void RemoveExpiredLocked(DateTimeOffset expiredBefore, List<PooledConnection> toClose)
    {
        for (var i = _idle.Count - 1; i >= 0; i--)
        {
            if (_idle[i].LastUsed > expiredBefore) continue;
            toClose.Add(_idle[i]);
            _idle.RemoveAt(i);
            FreeSlotLocked();
        }
    }

    private void FreeSlotLocked()
    {
        if (_waiters.First is { } first)
        {
            _waiters.RemoveFirst();
            first.Value.Registration.Unregister();
            first.Value.Grant.TrySetResult(null);
            return;
        }
        _open--;
    }

    private sealed class Waiter(string key)
    {
        public string Key { get; } = key;

        // Continuations run off the lock so a woken caller cannot re-enter it on this thread.
        public TaskCompletionSource<PooledConnection?> Grant { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public CancellationTokenRegistration Registration { get; set; }
    }
}
