using System.Diagnostics;
using FactTracker.ServiceDefaults;

namespace FactTracker.Resilience.Tests.Mechanisms;

/// <summary>The relay's and the scheduler's wake-up: many wake-ups before a look are one, and none is lost.</summary>
public sealed class WakeSignalTests
{
    private sealed class Signal : WakeSignal;

    private static readonly TimeSpan Long = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(50);

    [Fact]
    public async Task Many_wake_ups_before_a_look_wake_it_once()
    {
        var signal = new Signal();
        for (var i = 0; i < 1_000; i++) signal.Wake();

        var clock = Stopwatch.StartNew();
        await signal.WaitAsync(Long, CancellationToken.None);
        Assert.True(clock.Elapsed < Long / 2, "the first wait returns at once");

        // The other 999 were the same wake-up: the next wait runs to its timeout.
        clock.Restart();
        await signal.WaitAsync(Short, CancellationToken.None);
        Assert.True(clock.Elapsed >= Short - TimeSpan.FromMilliseconds(5), $"the second wait timed out ({clock.Elapsed.TotalMilliseconds} ms)");
    }

    [Fact]
    public async Task A_wake_up_after_a_look_wakes_the_next_wait_and_costs_no_exception()
    {
        var signal = new Signal();
        var thrown = 0;
        EventHandler<System.Runtime.ExceptionServices.FirstChanceExceptionEventArgs> count = (_, e) =>
        {
            if (e.Exception is SemaphoreFullException) Interlocked.Increment(ref thrown);
        };
        AppDomain.CurrentDomain.FirstChanceException += count;
        try
        {
            for (var round = 0; round < 100; round++)
            {
                var clock = Stopwatch.StartNew();
                var waiting = signal.WaitAsync(Long, CancellationToken.None);
                // Wake-ups from many threads at once, while the loop waits.
                await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
                {
                    for (var i = 0; i < 100; i++) signal.Wake();
                })));
                await waiting;
                Assert.True(clock.Elapsed < Long / 2, $"round {round}: the wait was woken, not timed out");
            }
        }
        finally
        {
            AppDomain.CurrentDomain.FirstChanceException -= count;
        }
        Assert.Equal(0, thrown);
    }
}
