using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FactTracker.ServiceDefaults;

public sealed class GroupCommitOptions
{
    /// <summary>Groups committing at once; while one commits, the next fills.</summary>
    public int Writers { get; set; } = 2;
    /// <summary>The most changes in one transaction.</summary>
    public int MaxGroup { get; set; } = 64;
}

/// <summary>
/// Commits changes made at the same moment (concurrent requests, concurrently consumed messages) in one transaction,
/// so the database commits once for many of them. A caller's task completes only after its own group committed, so
/// nothing is acknowledged before it is durable. A group that fails is committed again one change at a time, each in
/// its own session, and each caller gets its own outcome: a duplicate or a concurrency conflict answers only the change
/// it belongs to, with the same exception a session of its own would have thrown.
/// </summary>
public sealed class GroupCommits(IDocumentStore store, IOptions<GroupCommitOptions> options, ILogger<GroupCommits> logger)
    : BackgroundService
{
    public const string MeterName = "FactTracker.Commits";
    private static readonly Meter Meter = new(MeterName);
    private static readonly Histogram<int> GroupSize = Meter.CreateHistogram<int>("facttracker.commit.group.size", "{change}",
        "Changes committed together in one transaction.");
    private static readonly Histogram<double> CommitDuration = Meter.CreateHistogram<double>("facttracker.commit.duration", "ms",
        "How long a group's commit took.");

    private sealed record Pending(Action<IDocumentSession> Stage, Activity? Activity)
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private readonly Channel<Pending> _queue = Channel.CreateBounded<Pending>(
        new BoundedChannelOptions(Math.Max(1, options.Value.MaxGroup) * 4) { FullMode = BoundedChannelFullMode.Wait });

    /// <summary>
    /// Stages a change with <paramref name="stage"/> and commits it with others. The stage may run twice (in the group's
    /// session, then alone if the group failed), so it must only add to the session it is given.
    /// </summary>
    public async Task CommitAsync(Action<IDocumentSession> stage, CancellationToken ct)
    {
        var pending = new Pending(stage, Activity.Current);
        await _queue.Writer.WriteAsync(pending, ct);
        // Not cancelled with the caller: once queued, the change may already be committing.
        await pending.Done.Task;
    }

    // The writers stop when the queue is closed and empty, so what was queued before shutdown is still committed.
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Math.Max(1, options.Value.Writers)).Select(_ => Task.Run(WriteAsync, CancellationToken.None)));

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
        while (_queue.Reader.TryRead(out var left))
            left.Done.TrySetException(new OperationCanceledException("The service is stopping; the change was not committed."));
    }

    private async Task WriteAsync()
    {
        var max = Math.Max(1, options.Value.MaxGroup);
        var group = new List<Pending>(max);
        while (await _queue.Reader.WaitToReadAsync())
        {
            group.Clear();
            while (group.Count < max && _queue.Reader.TryRead(out var next)) group.Add(next);
            if (group.Count > 0) await CommitGroupAsync(group);
        }
    }

    private async Task CommitGroupAsync(List<Pending> group)
    {
        if (group.Count > 1)
        {
            try
            {
                await SaveAsync(group);
                return;
            }
            catch (Exception e)
            {
                logger.LogDebug(e, "A group of {Count} changes failed to commit; committing them one by one", group.Count);
            }
        }
        foreach (var p in group)
        {
            try { await SaveAsync([p]); }
            catch (Exception e) { p.Done.TrySetException(e); }
        }
    }

    /// <summary>Stages the changes in one session and commits it; each caller completes once that commit is durable.</summary>
    private async Task SaveAsync(IReadOnlyList<Pending> changes)
    {
        var started = Stopwatch.GetTimestamp();
        await using var session = store.LightweightSession();
        foreach (var p in changes) Stage(session, p);
        await session.SaveChangesAsync(CancellationToken.None);
        CommitDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        GroupSize.Record(changes.Count);
        foreach (var p in changes) p.Done.TrySetResult();
    }

    /// <summary>Stages in the caller's trace, so what it publishes after commit continues that trace.</summary>
    private static void Stage(IDocumentSession session, Pending p)
    {
        var writer = Activity.Current;
        Activity.Current = p.Activity;
        try { p.Stage(session); }
        finally { Activity.Current = writer; }
    }
}

public static class GroupCommitsExtensions
{
    /// <summary>Registers <see cref="GroupCommits"/>, configured from the Commits section (Writers, MaxGroup).</summary>
    public static IServiceCollection AddGroupCommits(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<GroupCommitOptions>(configuration.GetSection("Commits"));
        services.AddSingleton<GroupCommits>();
        services.AddHostedService(sp => sp.GetRequiredService<GroupCommits>());
        return services;
    }
}
