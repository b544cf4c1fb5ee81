using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Reflection;
using FactTracker.Figures;
using FactTracker.Publication.Subscriptions;
using FactTracker.Testing;
using Xunit.Abstractions;

namespace FactTracker.Resilience.Tests.Faults;

/// <summary>
/// One fault test's pipeline: the four services as processes (one or two instances each) on a fresh database and virtual
/// host of the throwaway servers, two subscriptions on a <see cref="FaultReceiver"/>, and the traffic. <see cref="RunAsync"/>
/// drives the stream, injects the fault mid-stream, waits for the pipeline to drain, then checks and prints the books.
/// </summary>
public sealed class FaultRun : IAsyncDisposable
{
    public static readonly string[] Projects = ["Ingest", "Claims", "Verification", "Publication"];
    /// <summary>Subscription "all" gets every figure; "killed" filters on the killed metric (half the figures).</summary>
    public static readonly string[] Subscriptions = ["all", "killed"];

    private readonly ITestOutputHelper _output;
    private readonly Dictionary<string, List<ServiceProcess>> _services = [];
    private readonly Stopwatch _clock = new();
    private readonly string _logs;

    public FaultSettings Settings { get; }
    public InfrastructureScope Scope { get; }
    public FaultReceiver Receiver { get; } = new();
    public Traffic Traffic { get; private set; } = default!;
    public string Story { get; } = $"fault-{Guid.NewGuid():N}"[..20];

    private FaultRun(FaultServers servers, ITestOutputHelper output, string name)
    {
        _output = output;
        Settings = servers.Settings;
        Scope = new InfrastructureScope(servers.Servers);
        _logs = Path.Combine(servers.LogFolder, $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{name}");
        Directory.CreateDirectory(_logs);
    }

    public IReadOnlyList<ServiceProcess> Instances(string project) => _services[project];
    public TimeSpan Elapsed => _clock.Elapsed;

    /// <param name="instances">How many instances of each service; the second ones start after the first are ready (each applies the schema).</param>
    public static async Task<FaultRun> StartAsync(FaultServers servers, ITestOutputHelper output, string name, int instances = 1)
    {
        await servers.EnsureRunningAsync();
        var run = new FaultRun(servers, output, name);
        try
        {
            await run.StartAsync(instances);
            return run;
        }
        catch
        {
            await run.DisposeAsync();
            throw;
        }
    }

    private async Task StartAsync(int instances)
    {
        var clock = Stopwatch.StartNew();
        await Scope.InitializeAsync();
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__postgres"] = Scope.PostgresConnectionString,
            ["ConnectionStrings__rabbitmq"] = Scope.RabbitMqUri,
            ["Logging__Format"] = "simple",
            ["Logging__LogLevel__Default"] = "Warning",
            // One line per update handled, to see how two instances shared the work.
            ["Logging__LogLevel__FactTracker.Claims.Features.UpdateReceived"] = "Information",
            ["RateLimits__WritesPerWindow"] = "100000000",
            ["Webhooks__AllowedHosts"] = "127.0.0.1",
            // The delivery schedule shortened to fit a CI run, and long enough to outlast the receiver's faults.
            ["Webhooks__RetrySchedule"] = RetrySchedule(Settings),
            ["Webhooks__Timeout"] = "00:00:02",
            ["Webhooks__CircuitBreakDuration"] = "00:00:02",
        };
        for (var n = 1; n <= instances; n++)
        {
            var started = new List<ServiceProcess>();
            foreach (var project in Projects)
            {
                var name = instances == 1 ? project : $"{project}-{n}";
                var process = ServiceProcess.Start(RepositoryRoot, project, Configuration, environment,
                    Path.Combine(_logs, $"{name.ToLowerInvariant()}.log"), name);
                (_services.TryGetValue(project, out var list) ? list : _services[project] = []).Add(process);
                started.Add(process);
            }
            await Task.WhenAll(started.Select(p => p.WaitReadyAsync(TimeSpan.FromMinutes(2))));
        }
        await Receiver.StartAsync();
        await SubscribeAsync(Scope.Principals.Subscriber.Key, "all", null);
        await SubscribeAsync(Scope.Principals.OtherSubscriber.Key, "killed", [Metrics.Killed]);
        Traffic = new Traffic(Story, Settings, _services["Ingest"].Select(s => s.BaseAddress).ToList(),
            _services["Verification"].Select(s => s.BaseAddress).ToList(), Scope.Principals.Newsroom.Key, Scope.Principals.Alice.Key);
        _output.WriteLine($"[{Settings.Name}] services ready in {clock.Elapsed.TotalSeconds:0.0} s ({string.Join(", ", _services.Values.SelectMany(s => s).Select(s => $"{s.Name} pid {s.Pid}"))}); logs in {_logs}");
    }

    private async Task SubscribeAsync(string key, string name, string[]? metrics)
    {
        using var http = new HttpClient { BaseAddress = _services["Publication"][0].BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var response = await http.PostAsJsonAsync("/v1/subscriptions", new
        {
            url = new Uri(Receiver.BaseAddress, $"/hooks/{name}").ToString(),
            description = $"fault test: {name}",
            filter = metrics is null ? null : new { metrics },
        });
        Assert.True(response.IsSuccessStatusCode, $"subscribe {name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Waits 1 s, 2 s, then 5 s at a time for at least twice the receiver's whole outage, so no delivery is dead-lettered by it.</summary>
    private static string RetrySchedule(FaultSettings s)
    {
        var outage = s.ReceiverDowntime + 3 * s.ReceiverPhase;
        var fives = (int)Math.Ceiling(2 * outage.TotalSeconds / 5) + 2;
        return string.Join(",", new[] { "1s", "2s" }.Concat(Enumerable.Repeat("5s", fives)));
    }

    /// <summary>
    /// Drives the stream; once a quarter of it is accepted (and <paramref name="approvalsBefore"/> approvals answered), runs <paramref name="fault"/> (which returns
    /// once the fault has cleared); waits for the pipeline to drain; then checks the books and prints what it drove, found
    /// and how long recovery took.
    /// </summary>
    public async Task RunAsync(string description, Func<Task> fault, int? approvalsBefore = null)
    {
        _clock.Start();
        using var stopApproving = new CancellationTokenSource();
        var posting = Traffic.PostStreamAsync();
        var approving = Traffic.ApproveAsync(stopApproving.Token);
        TimeSpan injected, cleared, streamEnded, drained;
        int acceptedBefore;
        DateTimeOffset clearedAt;
        string? drainProblem = null;
        try
        {
            // Mid-stream: a quarter of the updates accepted and, when asked, some approvals answered too.
            var updates = Settings.Updates / 4;
            var approvals = approvalsBefore ?? 0;
            await Eventually.UntilAsync(() => (Traffic.Accepted.Count >= updates && Traffic.Approved.Count >= approvals) || posting.IsCompleted,
                $"{updates} updates accepted and {approvals} approvals answered before the fault", Settings.Stream + TimeSpan.FromMinutes(1));
            injected = _clock.Elapsed;
            acceptedBefore = Traffic.Accepted.Count;
            await fault();
            cleared = _clock.Elapsed;
            clearedAt = DateTimeOffset.UtcNow;
            await posting;
            streamEnded = _clock.Elapsed;
            try
            {
                await Eventually.UntilAsync(async () => await DrainedAsync(), "the pipeline to drain", Settings.Drain);
            }
            catch (TimeoutException e)
            {
                drainProblem = e.Message; // the books below say what is missing
            }
            drained = _clock.Elapsed;
        }
        finally
        {
            stopApproving.Cancel(); // on a failure, Dispose abandons the retries still running
        }
        await approving;

        var books = await Books.ReadAsync(Scope.PostgresConnectionString, Story);
        Check(description, books, injected, acceptedBefore, cleared, clearedAt, streamEnded, drained, drainProblem);
    }

    private int Owed(IEnumerable<string> figures) => figures.Sum(f => f.Split('/')[1] == Metrics.Killed ? 2 : 1);

    private async Task<bool> DrainedAsync()
    {
        var (reviews, pending, pendingDeliveries) = await Books.CountAsync(Scope.PostgresConnectionString, Story);
        if (reviews < Traffic.Accepted.Count || pending > 0 || Traffic.ApprovalsInFlight > 0 || pendingDeliveries > 0) return false;
        var delivered = Receiver.Receipts.Where(r => r.Delivered).Select(r => (r.Subscription, r.FigureId, r.Revision)).Distinct().Count();
        return delivered >= Owed(Traffic.Approved.Values.Select(a => a.FigureId));
    }

    private void Check(string description, Books books, TimeSpan injected, int acceptedBefore, TimeSpan cleared, DateTimeOffset clearedAt,
        TimeSpan streamEnded, TimeSpan drained, string? drainProblem)
    {
        var t = Traffic;
        var accepted = t.Accepted.Values.ToList();
        var approvals = t.Approved.Values.ToList();

        // Every accepted update has its claim in review exactly once.
        var reviewsByUpdate = books.Reviews.GroupBy(r => r.UpdateId).ToDictionary(g => g.Key, g => g.Count());
        var missingClaims = accepted.Count(u => !reviewsByUpdate.ContainsKey(u.UpdateId));
        var doubledClaims = accepted.Count(u => reviewsByUpdate.GetValueOrDefault(u.UpdateId) > 1);
        var acceptedIds = accepted.Select(u => u.UpdateId).ToHashSet();
        var unaskedClaims = books.Reviews.Count(r => !acceptedIds.Contains(r.UpdateId));
        var claimsServiceWrong = accepted.Count(u => books.Claims.GetValueOrDefault(u.UpdateId) != 1);

        // Every answered approval became exactly one revision; revision numbers per figure are 1..N.
        var revisionsByClaim = books.Revisions.GroupBy(r => r.ClaimId).ToDictionary(g => g.Key, g => g.ToList());
        var approvalsWithoutOneRevision = approvals.Count(a => revisionsByClaim.GetValueOrDefault(a.ClaimId)?.Count != 1);
        var approvalsWithOtherNumber = approvals.Count(a => revisionsByClaim.GetValueOrDefault(a.ClaimId) is [var r] && (r.Number != a.Revision || r.FigureId != a.FigureId));
        var revisionsUnanswered = books.Revisions.Count(r => !t.Approved.ContainsKey(r.ClaimId));
        var figures = books.Revisions.GroupBy(r => r.FigureId).ToList();
        var figuresWithGaps = figures.Where(g => !g.Select(r => r.Number).Order().SequenceEqual(Enumerable.Range(1, g.Count()))).Select(g => g.Key).ToList();

        // Every revision reached every matching subscription; repeats only with the same webhook-id.
        var receipts = Receiver.Receipts;
        var bySubscriptionRevision = receipts.GroupBy(r => (r.Subscription, r.FigureId, r.Revision)).ToDictionary(g => g.Key, g => g.ToList());
        var owed = books.Revisions.SelectMany(r => Subscriptions
                .Where(s => s == "all" || r.FigureId.Split('/')[1] == Metrics.Killed)
                .Select(s => (s, r.FigureId, r.Number)))
            .ToList();
        var undelivered = owed.Count(o => bySubscriptionRevision.GetValueOrDefault(o)?.Any(r => r.Delivered) != true);
        var deliveredReceipts = receipts.Count(r => r.Delivered);
        var duplicates = bySubscriptionRevision.Values.Sum(g => Math.Max(0, g.Count(r => r.Delivered) - 1));
        var idMismatches = bySubscriptionRevision.Values.Count(g => g.Select(r => r.WebhookId).Distinct().Count() != 1);
        var owedSet = owed.ToHashSet();
        var notOwed = bySubscriptionRevision.Keys.Count(k => !owedSet.Contains(k));
        var otherTypes = receipts.Count(r => r.Type != EventType.FigureRevised);
        var deadLetters = books.Deliveries.GetValueOrDefault(DeliveryStatus.Failed);
        var stillPending = books.Deliveries.GetValueOrDefault(DeliveryStatus.Pending);

        // Recovery: how long after the fault cleared the pipeline had caught up with what was accepted and approved before.
        var claimsCaughtUp = accepted.Where(u => u.AcceptedAt <= clearedAt)
            .SelectMany(u => books.Reviews.Where(r => r.UpdateId == u.UpdateId).Select(r => r.SubmittedAt))
            .DefaultIfEmpty(clearedAt).Max() - clearedAt;
        var firstDelivered = receipts.Where(r => r.Delivered).GroupBy(r => (r.Subscription, r.FigureId, r.Revision)).ToDictionary(g => g.Key, g => g.Min(r => r.At));
        var webhooksCaughtUp = approvals.Where(a => a.AnsweredAt <= clearedAt)
            .SelectMany(a => Subscriptions.Select(s => firstDelivered.TryGetValue((s, a.FigureId, a.Revision), out var at) ? at : (DateTimeOffset?)null))
            .Where(at => at is not null).Select(at => at!.Value).DefaultIfEmpty(clearedAt).Max() - clearedAt;

        static string S(TimeSpan t) => $"{Math.Max(0, t.TotalSeconds):0.0} s";
        _output.WriteLine($"[{Settings.Name}] fault: {description}; injected at {S(injected)} (after {acceptedBefore} updates accepted), cleared at {S(cleared)}");
        _output.WriteLine($"[{Settings.Name}] drove: {Settings.Updates} updates posted over {S(streamEnded)} ({Settings.Figures} figures): {accepted.Count} accepted (202), " +
            $"{accepted.Count(u => u.Replayed)} of them on a retry after a lost answer (same Idempotency-Key), {t.PostsFailed} failed attempts retried, {t.PostsUnresolved} unresolved; " +
            $"{t.ApprovalsAttempted} approvals: {approvals.Count(a => !a.Confirmed)} answered 200, {approvals.Count(a => a.Confirmed)} confirmed approved after a lost answer, " +
            $"{t.ApprovalsFailed} failed attempts retried, {t.ApprovalsUnresolved} unresolved; {Subscriptions.Length} subscriptions ({string.Join(", ", Subscriptions)})");
        _output.WriteLine($"[{Settings.Name}] found: claims in review for {accepted.Count - missingClaims}/{accepted.Count} accepted updates " +
            $"(missing {missingClaims}, doubled {doubledClaims}, from unaccepted updates {unaskedClaims}, Claims' own count wrong for {claimsServiceWrong}); " +
            $"{books.Revisions.Count} revisions over {figures.Count} figures (approvals without exactly one revision {approvalsWithoutOneRevision}, " +
            $"with another number {approvalsWithOtherNumber}, revisions without an answered approval {revisionsUnanswered}, figures with gaps {figuresWithGaps.Count}); " +
            $"webhooks: {owed.Count - undelivered}/{owed.Count} owed delivered (missing {undelivered}), {deliveredReceipts} 2xx receipts of {receipts.Count} requests, " +
            $"{duplicates} duplicates, {idMismatches} with differing webhook-ids, {notOwed} not owed, {otherTypes} of other types; " +
            $"Publication: {string.Join(", ", books.Deliveries.OrderBy(d => d.Key).Select(d => $"{d.Value} {d.Key}"))}; unexpected answers {t.Unexpected.Count}");
        _output.WriteLine($"[{Settings.Name}] recovery: claims caught up {S(claimsCaughtUp)} and webhooks {S(webhooksCaughtUp)} after the fault cleared; " +
            $"drained {S(drained - streamEnded)} after the stream ended{(drainProblem is null ? "" : $" (NOT DRAINED: {drainProblem})")}; total {S(drained)}");
        foreach (var problem in t.Unexpected.Take(10)) _output.WriteLine($"  unexpected: {problem}");
        foreach (var figure in figuresWithGaps.Take(5))
            _output.WriteLine($"  gap: {figure} has revisions {string.Join(",", books.Revisions.Where(r => r.FigureId == figure).Select(r => r.Number).Order())}");

        Assert.Empty(t.Unexpected);
        Assert.Equal(0, t.PostsUnresolved);
        Assert.Equal(0, t.ApprovalsUnresolved);
        Assert.True(accepted.Count == Settings.Updates, $"{accepted.Count} of {Settings.Updates} updates accepted");
        Assert.Equal(0, missingClaims);
        Assert.Equal(0, doubledClaims);
        Assert.Equal(0, unaskedClaims);
        Assert.Equal(0, claimsServiceWrong);
        Assert.True(approvals.Count == books.Reviews.Count, $"{approvals.Count} approvals answered for {books.Reviews.Count} claims in review");
        Assert.Equal(0, approvalsWithoutOneRevision);
        Assert.Equal(0, approvalsWithOtherNumber);
        Assert.Equal(0, revisionsUnanswered);
        Assert.Empty(figuresWithGaps);
        Assert.Equal(0, undelivered);
        Assert.Equal(0, idMismatches);
        Assert.Equal(0, notOwed);
        Assert.Equal(0, otherTypes);
        Assert.Equal(0, deadLetters);
        Assert.Equal(0, stillPending);
        Assert.Null(drainProblem);
    }

    public static string RepositoryRoot { get; } = FactTracker.Testing.RepositoryRoot.Path;
    /// <summary>The configuration this test was built in: the services of the same build are run.</summary>
    public static string Configuration { get; } =
        typeof(FaultRun).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    public async ValueTask DisposeAsync()
    {
        var clock = Stopwatch.StartNew();
        foreach (var process in _services.Values.SelectMany(s => s))
        {
            try { await process.DisposeAsync(); }
            catch (Exception e) { _output.WriteLine($"stopping {process.Name}: {e.Message}"); }
        }
        await Receiver.DisposeAsync();
        Traffic?.Dispose();
        try { await Scope.DisposeAsync(); }
        catch (Exception e) { _output.WriteLine($"dropping the test's database and virtual host: {e.Message}"); }
        _output.WriteLine($"[{Settings.Name}] stopped in {clock.Elapsed.TotalSeconds:0.0} s");
    }
}
