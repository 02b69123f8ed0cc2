using System.Runtime.ExceptionServices;

namespace PlanReview.Core.Analysis;

/// <summary>
/// Numbered work items run once each by a few workers: the caller's thread and helper threads.
/// Workers take items in number order, so with one worker the items run in order on the caller's thread.
/// </summary>
/// <remarks>
/// An item may have to wait for a value another item computes (an analyzer asking for the blast radius).
/// A waiting worker leaves its core idle, so it starts another worker first (<see cref="Stalled"/>), the way
/// the thread pool adds a thread for a task that blocks: the items left keep the cores busy meanwhile.
/// </remarks>
internal sealed class ConcurrentWork
{
    private readonly int count;
    private readonly Action<int> run;
    private readonly int maxExtraWorkers;
    private readonly ExceptionDispatchInfo?[] failures;
    // A Monitor, not a Lock: the caller's thread waits on it until the last item is done.
    private readonly object gate = new();
    private int next = -1;
    private int finished;
    private int extraWorkers;

    /// <param name="count">How many items.</param>
    /// <param name="run">Runs one item.</param>
    /// <param name="maxExtraWorkers">How many workers <see cref="Stalled"/> may add; 0 when running on the caller's thread alone.</param>
    public ConcurrentWork(int count, Action<int> run, int maxExtraWorkers)
    {
        this.count = count;
        this.run = run;
        this.maxExtraWorkers = maxExtraWorkers;
        failures = new ExceptionDispatchInfo?[count];
    }

    /// <summary>
    /// Runs every item on the caller's thread and <paramref name="helpers"/> more, and returns when all have run.
    /// An item's exception is rethrown here, the lowest-numbered one when several failed, so the failure does
    /// not depend on timing.
    /// </summary>
    public void Run(int helpers)
    {
        for (var h = 0; h < Math.Min(helpers, count - 1); h++)
        {
            StartWorker();
        }

        Work();
        lock (gate)
        {
            while (finished < count)
            {
                Monitor.Wait(gate);
            }
        }

        foreach (var failure in failures)
        {
            failure?.Throw();
        }
    }

    /// <summary>
    /// Called by an item about to wait for (or compute) a value that other items share: while it waits, a new
    /// worker takes the items left. Does nothing when no item is left or no more workers may be added.
    /// </summary>
    public void Stalled()
    {
        if (Volatile.Read(ref next) + 1 >= count || Interlocked.Increment(ref extraWorkers) > maxExtraWorkers)
        {
            return;
        }

        StartWorker();
    }

    /// <summary>
    /// A worker on a thread of its own: the pool's threads may all be busy (a test runner, a host), and the pool
    /// adds threads only after a delay. A thread costs far less than the analysis of a plan large enough to
    /// be analysed concurrently; the caller's thread works too, so a worker that starts late finds nothing left.
    /// </summary>
    private void StartWorker() =>
        _ = Task.Factory.StartNew(Work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Work()
    {
        int item;
        while ((item = Interlocked.Increment(ref next)) < count)
        {
            try
            {
                run(item);
            }
            catch (Exception ex)
            {
                // Kept for the caller's thread, which rethrows it: an exception on a helper would otherwise be lost.
                failures[item] = ExceptionDispatchInfo.Capture(ex);
            }

            lock (gate)
            {
                if (++finished == count)
                {
                    Monitor.PulseAll(gate);
                }
            }
        }
    }
}
