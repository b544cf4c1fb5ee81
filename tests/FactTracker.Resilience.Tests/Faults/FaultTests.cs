using FactTracker.Testing;
using Xunit.Abstractions;

namespace FactTracker.Resilience.Tests.Faults;

/// <summary>
/// Faults injected into throwaway servers and service processes while updates, approvals and webhooks stream through;
/// each test then checks the books: nothing lost, nothing doubled. FACTTRACKER_FAULTS=long for more volume and longer faults.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class FaultTests(FaultServers servers, ITestOutputHelper output)
{
    private FaultSettings Settings => servers.Settings;

    [Fact]
    public async Task RabbitMQ_stopped_mid_stream_and_started_again_loses_and_doubles_nothing()
    {
        await using var run = await FaultRun.StartAsync(servers, output, "broker-outage");
        await run.RunAsync($"RabbitMQ stopped for {Settings.BrokerOutage.TotalSeconds:0} s, then started again on the same data", async () =>
        {
            await servers.RabbitMq.StopAsync();
            await Task.Delay(Settings.BrokerOutage); // the outage itself: a deliberate duration
            await servers.RabbitMq.StartAsync();
        });
    }

    [Fact]
    public async Task Each_service_killed_mid_stream_and_restarted_loses_and_doubles_nothing()
    {
        await using var run = await FaultRun.StartAsync(servers, output, "service-kills");
        // Two at a time (a front door and a consumer), so the four restarts fit in the stream of a CI run.
        await run.RunAsync("each service killed with SIGKILL and restarted: Ingest and Claims, then Verification and Publication", async () =>
        {
            foreach (var pair in FaultRun.Projects.Chunk(2))
            {
                var services = pair.Select(p => run.Instances(p)[0]).ToList();
                var before = run.Traffic.Accepted.Count;
                foreach (var service in services) await service.KillAsync();
                var killed = run.Elapsed;
                foreach (var service in services) service.Restart();
                await Task.WhenAll(services.Select(s => s.WaitReadyAsync(TimeSpan.FromMinutes(1))));
                output.WriteLine($"[{Settings.Name}] {string.Join(" and ", pair)} killed at {killed.TotalSeconds:0.0} s, ready again at {run.Elapsed.TotalSeconds:0.0} s");
                // The next kill once more work has gone through, so it lands mid-stream rather than on a restarting pipeline.
                await Eventually.UntilAsync(() => run.Traffic.Accepted.Count >= Math.Min(Settings.Updates, before + Settings.Updates / 10),
                    "more updates to be accepted", TimeSpan.FromMinutes(1));
            }
        });
    }

    [Fact]
    public async Task PostgreSQL_restarted_mid_stream_loses_and_doubles_nothing()
    {
        await using var run = await FaultRun.StartAsync(servers, output, "database-restart");
        await run.RunAsync("PostgreSQL restarted with pg_ctl restart -m immediate (every connection cut, crash recovery)",
            () => servers.Postgres.RestartAsync("immediate"));
    }

    [Fact]
    public async Task Webhook_receiver_down_then_failing_then_throttling_gets_every_revision_once_it_recovers()
    {
        await using var run = await FaultRun.StartAsync(servers, output, "receiver-outage");
        var phase = Settings.ReceiverPhase;
        await run.RunAsync($"webhook receiver down {Settings.ReceiverDowntime.TotalSeconds:0} s, then {phase.TotalSeconds:0} s each of 500s, " +
            $"time-outs and 429 with Retry-After {run.Receiver.RetryAfterSeconds} s, then healthy", async () =>
        {
            // Down for a deliberate duration; then each bad answer for its duration and until senders have met it a few
            // times (after the downtime their next attempts may be seconds away, behind an open circuit).
            await run.Receiver.StopAsync();
            await Task.Delay(Settings.ReceiverDowntime);
            run.Receiver.Mode = ReceiverMode.ServerError;
            await run.Receiver.StartAsync();
            foreach (var (mode, answered) in new (ReceiverMode, int?)[] { (ReceiverMode.ServerError, 500), (ReceiverMode.Timeout, null), (ReceiverMode.TooManyRequests, 429) })
            {
                run.Receiver.Mode = mode;
                var seen = run.Receiver.Receipts.Count(r => r.Answered == answered);
                var until = DateTimeOffset.UtcNow + phase;
                await Eventually.UntilAsync(() => DateTimeOffset.UtcNow >= until && run.Receiver.Receipts.Count(r => r.Answered == answered) >= seen + 3,
                    $"senders to meet {mode}", phase + TimeSpan.FromMinutes(1));
            }
            run.Receiver.Mode = ReceiverMode.Healthy;
        });
        var answers = run.Receiver.Receipts.GroupBy(r => r.Answered?.ToString() ?? "no answer (sender timed out)")
            .Select(g => $"{g.Key}: {g.Count()}");
        output.WriteLine($"[{Settings.Name}] receiver answered {string.Join(", ", answers)}");
        // The fault was seen: the senders met each kind of failure.
        Assert.Contains(run.Receiver.Receipts, r => r.Answered == 500);
        Assert.Contains(run.Receiver.Receipts, r => r.Answered is null);
        Assert.Contains(run.Receiver.Receipts, r => r.Answered == 429);
    }

    [Fact]
    public async Task Two_instances_of_every_service_share_the_work_and_one_carries_on_when_the_other_is_killed()
    {
        await using var run = await FaultRun.StartAsync(servers, output, "two-instances", instances: 2);
        await run.RunAsync("two instances of every service; instance 1 of each killed with SIGKILL, not restarted", async () =>
        {
            foreach (var project in FaultRun.Projects) await run.Instances(project)[0].KillAsync();
        }, approvalsBefore: Settings.Updates / 10);
        // The clients spread their requests over both instances: each answered a share before the kill (and the
        // survivor all of them after). Claims' log lines show how the consumers shared the messages; a killed
        // instance's last lines may be lost with it, so they are shown, not asserted.
        var served = new[] { "Ingest", "Verification" }.SelectMany(run.Instances)
            .ToDictionary(s => s.Name, s => run.Traffic.Served.GetValueOrDefault(s.BaseAddress));
        var handled = run.Instances("Claims").Select(c => $"{c.Name} {File.ReadLines(c.LogPath).Count(l => l.Contains("claim(s) and", StringComparison.Ordinal))}");
        output.WriteLine($"[{Settings.Name}] requests answered by each instance: {string.Join(", ", served.Select(s => $"{s.Key} {s.Value}"))}; " +
            $"updates handled by each Claims instance (from its log): {string.Join(", ", handled)}");
        Assert.All(served, s => Assert.True(s.Value > 0, $"{s.Key} answered no request: the work was not shared"));
    }
}
