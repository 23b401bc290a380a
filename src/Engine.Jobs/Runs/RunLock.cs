using Engine.Jobs.Data;

namespace Engine.Jobs.Runs;

/// <summary>
/// The runs lock of a store (<see cref="IRunStateStore.TryLockRuns"/>) taken by one thread, again by the same thread
/// without waiting (a run's Execute goes through Start and Advance): two runs of a store, in two processes or on two
/// workers, never start, claim, decide or write files at the same time. A second one waits for the first, up to
/// <c>Engine:Run:LockWaitSeconds</c>, then is refused with <see cref="EngineRefusal.Busy"/> (exit code 4): nothing done.
/// Partitions are not under it: their commits are checked against each other in the store (<see cref="RunConflicts"/>).
/// </summary>
public static class RunLock
{
    [ThreadStatic] private static Held? _held;

    private sealed class Held(IRunStateStore store, IDisposable handle)
    {
        public IRunStateStore Store { get; } = store;
        public IDisposable Handle { get; } = handle;
        public int Depth { get; set; } = 1;
    }

    /// <param name="waiting">Told once, when the lock is held by another and this one starts waiting.</param>
    public static IDisposable Acquire(IRunStateStore store, TimeSpan wait, Action? waiting = null)
    {
        if (_held is { } held && ReferenceEquals(held.Store, store))
        {
            held.Depth++;
            return new Release(held);
        }
        var deadline = DateTime.UtcNow + wait;
        var told = false;
        while (true)
        {
            if (store.TryLockRuns() is { } handle)
            {
                var mine = new Held(store, handle);
                _held = mine;
                return new Release(mine);
            }
            if (DateTime.UtcNow >= deadline)
                throw new EngineRefusal(
                    $"another run of this database is in progress (its runs lock is taken{(wait > TimeSpan.Zero ? $" and stayed so for {wait.TotalSeconds:0} s" : "")}): " +
                    "nothing done; start again once it has finished (a finished run is reproduced, not paid twice)", EngineRefusal.Busy);
            if (!told)
            {
                waiting?.Invoke();
                told = true;
            }
            Thread.Sleep(200);
        }
    }

    private sealed class Release(Held held) : IDisposable
    {
        private bool _done;

        public void Dispose()
        {
            if (_done) return;
            _done = true;
            if (--held.Depth > 0) return;
            held.Handle.Dispose();
            if (ReferenceEquals(_held, held)) _held = null;
        }
    }
}
