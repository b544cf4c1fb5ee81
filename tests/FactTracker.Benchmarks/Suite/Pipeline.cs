using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FactTracker.Testing;

namespace FactTracker.Benchmarks.Suite;

/// <summary>The pipeline's figures: the four services as processes on real Kestrel, on one database and virtual host.</summary>
public sealed partial class Pipeline(Report report, Settings settings, string root, string logDirectory)
{
    private const int Clients = 32;
    private const string Section = "Pipeline (services as processes on real Kestrel)";
    private static readonly string Prose = string.Join(' ', Enumerable.Repeat(
        "Crowds gathered again in the main square as the evening curfew began; witnesses described smoke over the city hall " +
        "and long queues at the pharmacies, while the authorities said the situation was under control.", 2));

    private readonly ConcurrentQueue<(Guid Claim, string Figure, long Value)> _pending = new();
    private int _subject;

    public async Task RunAsync(InfrastructureScope scope)
    {
        var services = new List<ServiceProcess>();
        try
        {
            foreach (var name in new[] { "Ingest", "Claims", "Verification", "Publication" })
                services.Add(BenchServices.Start(root, name, scope, logDirectory));
            foreach (var s in services) await s.WaitReadyAsync(TimeSpan.FromMinutes(2));
            Console.WriteLine($"  services ready: {string.Join(", ", services.Select(s => $"{s.Name} pid {s.Pid}"))}");
            var cpu = CpuMeter.Available ? new CpuMeter(services.Select(s => (s.Name, s.Pid)).ToList()) : null;
            await using var backlog = await Backlog.OpenAsync(scope);
            await using var receiver = new BenchReceiver();
            await receiver.StartAsync();
            // Each client with the key of the role it plays: a newsroom posts, a verifier approves, a subscriber subscribes.
            using var ingest = BenchHttp.Create(services[0].BaseAddress, Clients, scope.Principals.Newsroom.Key);
            using var verification = BenchHttp.Create(services[2].BaseAddress, Clients, scope.Principals.Alice.Key);
            using var publication = BenchHttp.Create(services[3].BaseAddress, Clients, scope.Principals.Subscriber.Key);

            // --- updates accepted per second -------------------------------------------------------------------
            var story = "bench-accepted";
            var emptyBody = UpdateBody(story, figure: false);
            var bHttp = await Baselines.HttpAsync(Clients, settings.Rounds, settings.Round, emptyBody);
            var appendCpu = new List<CpuCost>();
            var bAppend = await Baselines.AppendAsync(scope.PostgresConnectionString, Clients, settings.Rounds, settings.Round, cpu, appendCpu);
            var floor = bHttp.Median < bAppend.Median ? ("B-http", bHttp) : ("B-append", bAppend);
            report.Add(new Row("Baselines", "B-http: empty POST on Kestrel, 32 clients", "req/s", bHttp, null, null, Goal.None));
            report.Add(new Row("Baselines", "B-append: Marten 1 event per session+commit, 32 writers", "events/s", bAppend, null, null, Goal.None));

            async Task PostAccepted()
            {
                using var content = new ByteArrayContent(UpdateBody(story, figure: false));
                content.Headers.ContentType = new("application/json");
                using var response = await ingest.PostAsync("/v1/updates", content);
                if (response.StatusCode != HttpStatusCode.Accepted) throw new InvalidOperationException($"Ingest answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
            var warmUp = await Load.WarmUpAsync(Clients, PostAccepted, TimeSpan.FromSeconds(2));
            Console.WriteLine($"    warm-up, updates accepted per 2 s window: {string.Join(", ", warmUp.Select(r => r.ToString("N0")))} /s");
            var accepted = new List<double>();
            var acceptedCpu = new List<CpuCost>();
            for (var r = 0; r < settings.Rounds; r++) accepted.Add(await cpu.RateAsync(acceptedCpu, () => Load.ClosedAsync(Clients, settings.Round, PostAccepted)));
            report.Add(new Row(Section, "updates accepted (202, stored), 32 clients", "updates/s", Sample.Of(accepted), $"min(B-http, B-append) = {floor.Item1}",
                floor.Item2, Goal.AtLeastOf(0.6, "min(B-http, B-append)"), "prose only: Claims still extracts each"));
            await backlog.WaitQuietAsync(TimeSpan.FromMinutes(3));

            // --- POST to claims waiting in review ----------------------------------------------------------------
            story = "bench-review";
            var bursts = new List<double>();
            var burstCpu = new List<CpuCost>();
            for (var r = 0; r < settings.Rounds; r++)
            {
                var since = DateTimeOffset.UtcNow;
                var clock = Stopwatch.StartNew();
                await cpu.CountAsync(burstCpu, settings.Burst, async () =>
                {
                    await PostUpdatesAsync(ingest, story, settings.Burst);
                    await Load.UntilAsync(async () => await InReviewAsync(backlog, since) >= settings.Burst, TimeSpan.FromMinutes(3), "claims to reach review", 100);
                });
                bursts.Add(settings.Burst / clock.Elapsed.TotalSeconds);
            }
            var burst = Sample.Of(bursts);
            report.Add(new Row(Section, $"updates POST -> claim in review, bursts of {settings.Burst}", "updates/s", burst, "B-append", bAppend, Goal.AtLeastOf(0.4, "B-append")));
            await backlog.WaitQuietAsync(TimeSpan.FromMinutes(3));

            // Sustained: 80% of the burst rate, open loop, in windows; the backlog must not grow.
            var rate = Math.Max(5, burst.Median * 0.8);
            var windows = new List<double>();
            var sustainedCpu = new List<CpuCost>();
            var backlogs = new List<long>();
            var window = TimeSpan.FromSeconds(settings.SustainSeconds / 3.0);
            for (var w = 0; w < 3; w++)
            {
                var since = DateTimeOffset.UtcNow;
                var before = cpu?.Read();
                var clock = Stopwatch.StartNew();
                await Load.PacedAsync(rate, window, _ => PostUpdatesAsync(ingest, story, 1));
                var reached = await InReviewAsync(backlog, since);
                windows.Add(reached / clock.Elapsed.TotalSeconds);
                if (before is not null) sustainedCpu.Add(before.PerUnit(cpu!.Read(), reached));
                var (ready, outbox, _) = await backlog.MeasureAsync();
                backlogs.Add(ready + outbox);
            }
            var drain = Stopwatch.StartNew();
            await backlog.WaitQuietAsync(TimeSpan.FromMinutes(3));
            var held = backlogs[^1] <= Math.Max(2 * rate, backlogs[0] * 1.5);
            report.Add(new Row(Section, $"sustained {settings.SustainSeconds} s at {rate:0} updates/s offered, claims reaching review", "updates/s", Sample.Of(windows), "B-append", bAppend,
                Goal.AtLeastOf(0.4, "B-append"), $"backlog after each window {string.Join("/", backlogs)}, {(held ? "not growing" : "GROWING")}, drained in {drain.Elapsed.TotalSeconds:0.0} s"));

            // --- resident memory after the sustained run -----------------------------------------------------------
            await ReportMemoryAsync(services, "Memory after the sustained run", Goal.AtMost(200, "MB"));

            // --- approvals to revisions appended and FigureRevised published -----------------------------------
            var approvals = new List<double>();
            await LoadPendingAsync(verification, ingest, story, settings.Rounds * settings.Approvals + 50);
            await ApproveAsync(verification, backlog, 50); // warm-up
            // The claims just loaded and the warm-up's revisions are still being relayed and consumed: not the rounds' work.
            await backlog.WaitQuietAsync(TimeSpan.FromMinutes(3));
            // The rounds run back to back, so Publication's share of one round is partly in the next: the CPU readings are
            // taken between rounds and, for the last, once Publication has consumed every revision.
            var approvalReadings = new List<CpuReading>();
            for (var r = 0; r < settings.Rounds; r++)
            {
                if (cpu is not null) approvalReadings.Add(cpu.Read());
                var clock = Stopwatch.StartNew();
                await ApproveAsync(verification, backlog, settings.Approvals);
                approvals.Add(settings.Approvals / clock.Elapsed.TotalSeconds);
            }
            var approvalRate = Sample.Of(approvals);
            report.Add(new Row(Section, "approvals -> revision appended + FigureRevised published, 32 verifiers", "approvals/s", approvalRate, "B-append", bAppend, Goal.AtLeastOf(0.4, "B-append")));
            await backlog.WaitQuietAsync(TimeSpan.FromMinutes(3));
            if (cpu is not null) approvalReadings.Add(cpu.Read());
            var approvalCpu = approvalReadings.Zip(approvalReadings.Skip(1), (a, b) => a.PerUnit(b, settings.Approvals)).ToList();

            // --- webhook deliveries, 20 subscriptions ----------------------------------------------------------
            // Each round owes every delivery while the subscriptions are paused, then resumes them and times the sending.
            // A tenth of the round's size first, as a growth check: what is owed at once must not slow each delivery.
            var subscriptions = new List<Guid>();
            // Each wants this story only: the deep lane below is another story's, owed to one subscription alone.
            for (var i = 0; i < 20; i++) subscriptions.Add(await SubscribeAsync(publication, new Uri(receiver.BaseAddress, $"/fanout/{i}"), story));
            var owed = await backlog.CountAsync("select count(*) from publication.mt_doc_delivery");
            var smallRound = Math.Max(1, settings.WebhookApprovals / 10);
            await LoadPendingAsync(verification, ingest, story, settings.Rounds * (settings.WebhookApprovals + smallRound) + 20);
            var deliveryCpu = new List<CpuCost>();
            var subscriptionList = string.Join(",", subscriptions.Select(id => $"'{id}'"));
            async Task<double> DeliveryRoundAsync(int approvals, List<CpuCost>? costs = null)
            {
                foreach (var id in subscriptions) (await publication.PostAsync($"/v1/subscriptions/{id}/pause", null)).EnsureSuccessStatusCode();
                await ApproveAsync(verification, backlog, approvals);
                owed += 20L * approvals;
                await Load.UntilAsync(async () => await backlog.CountAsync("select count(*) from publication.mt_doc_delivery") >= owed, TimeSpan.FromMinutes(2), "deliveries to be owed", 100);
                var target = receiver.Received + 20L * approvals;
                var before = cpu?.Read();
                var clock = Stopwatch.StartNew();
                // All at once: resumed one after another, the first would have a head start.
                await Task.WhenAll(subscriptions.Select(async id => (await publication.PostAsync($"/v1/subscriptions/{id}/resume", null)).EnsureSuccessStatusCode()));
                await Load.UntilAsync(() => Task.FromResult(receiver.Received >= target), TimeSpan.FromMinutes(3), "webhooks to arrive", 10);
                var rate = 20.0 * approvals / clock.Elapsed.TotalSeconds;
                if (costs is not null && before is not null)
                {
                    // The CPU a delivery costs includes recording its outcome, which ends after its webhook arrived.
                    await Load.UntilAsync(async () => await backlog.CountAsync(
                            $"select count(*) from publication.mt_doc_delivery where status = 'pending' and subscription_id in ({subscriptionList})") == 0,
                        TimeSpan.FromMinutes(1), "the round's deliveries to be recorded", 100);
                    costs.Add(before.PerUnit(cpu!.Read(), 20.0 * approvals));
                }
                return rate;
            }
            await DeliveryRoundAsync(20); // warms the senders up
            var smallDeliveries = new List<double>();
            for (var r = 0; r < settings.Rounds; r++) smallDeliveries.Add(await DeliveryRoundAsync(smallRound));
            var deliveries = new List<double>();
            for (var r = 0; r < settings.Rounds; r++) deliveries.Add(await DeliveryRoundAsync(settings.WebhookApprovals, deliveryCpu));
            // A delivery arrives before its success is recorded: wait for the records, then count what was not delivered.
            await Load.UntilAsync(async () => await backlog.CountAsync("select count(*) from publication.mt_doc_delivery where status = 'pending'") == 0,
                TimeSpan.FromMinutes(1), "every delivery to be recorded", 100);
            var failedDeliveries = await backlog.CountAsync("select count(*) from publication.mt_doc_delivery where status in ('pending', 'failed')");
            var webhookBody = new byte[Math.Max(2, receiver.MaxBodyBytes)];
            Array.Fill(webhookBody, (byte)' ');
            webhookBody[0] = (byte)'{';
            webhookBody[^1] = (byte)'}';
            var postCpu = new List<CpuCost>();
            var bPost = await Baselines.PostAsync(receiver.BaseAddress, 64, settings.Rounds, settings.Round, webhookBody, cpu, postCpu);
            report.Add(new Row("Baselines", $"B-post: plain HttpClient POST ({webhookBody.Length} B) to the same receiver, 64 in flight", "posts/s", bPost, null, null, Goal.None));
            report.Add(new Row(Section, $"webhook deliveries, 20 subscriptions, all 2xx", "deliveries/s", Sample.Of(deliveries), "B-post", bPost, Goal.AtLeastOf(0.5, "B-post"),
                $"{settings.WebhookApprovals} approvals x 20 owed at each run's start; deliveries failed or still pending once recorded: {failedDeliveries}"));
            var smallOwed = $"{20 * smallRound:N0} owed";
            report.Add(new Row(Section, $"webhook deliveries, {20 * settings.WebhookApprovals:N0} owed at once vs {20 * smallRound:N0}", "deliveries/s",
                Sample.Of(deliveries), smallOwed, Sample.Of(smallDeliveries), Goal.AtLeastOf(0.67, smallOwed), "growth: the rate must not fall with what is owed"));

            // --- the same rounds beside one figure's deep lane, held behind an endpoint that says come back in an hour ---
            // Its later revisions are due and wait behind the held one; no look may have to walk them.
            if (settings.DeepLane > 0)
            {
                var deepStory = $"{story}-deep";
                var heldSubscription = await SubscribeAsync(publication, new Uri(receiver.BaseAddress, "/held/deep"), deepStory);
                await LoadPendingAsync(verification, ingest, deepStory, settings.DeepLane, subject: "district-held");
                // One after another, as a desk revises one figure, lowest value first: a figure going down needs a second verifier.
                foreach (var claim in _pending.OrderBy(c => c.Value)) await ApproveOneAsync(verification, claim.Claim);
                _pending.Clear();
                await Load.UntilAsync(async () => await backlog.CountAsync(
                        $"select count(*) from publication.mt_doc_delivery where subscription_id = '{heldSubscription}' and status = 'pending'") >= settings.DeepLane,
                    TimeSpan.FromMinutes(3), "the deep lane to be owed", 200);
                await Load.UntilAsync(() => Task.FromResult(receiver.Held > 0), TimeSpan.FromMinutes(1), "the deep lane's head to be held", 10);
                owed = await backlog.CountAsync("select count(*) from publication.mt_doc_delivery");
                await LoadPendingAsync(verification, ingest, story, settings.Rounds * settings.WebhookApprovals + 20);
                var beside = new List<double>();
                for (var r = 0; r < settings.Rounds; r++) beside.Add(await DeliveryRoundAsync(settings.WebhookApprovals));
                const string without = "no deep lane";
                report.Add(new Row(Section, $"webhook deliveries, {20 * settings.WebhookApprovals:N0} owed, beside {settings.DeepLane:N0} of one figure held behind its first",
                    "deliveries/s", Sample.Of(beside), without, Sample.Of(deliveries), Goal.AtLeastOf(0.67, without),
                    "growth: one figure's deep lane must not slow the others"));
                await publication.DeleteAsync($"/v1/subscriptions/{heldSubscription}");
            }
            foreach (var id in subscriptions) await publication.DeleteAsync($"/v1/subscriptions/{id}");
            await backlog.WaitQuietAsync(TimeSpan.FromMinutes(3));

            // --- approval to webhook latency at half the maximum approval rate ---------------------------------------
            // FT_BENCH_LATENCY_RATE fixes the rate instead, to compare two builds at the same load.
            var latencyRate = settings.LatencyRate ?? Math.Max(2, approvalRate.Median / 2);
            var latencySub = await SubscribeAsync(publication, new Uri(receiver.BaseAddress, "/hooks/latency"));
            await LoadPendingAsync(verification, ingest, story, (int)(latencyRate * settings.LatencySeconds * settings.Rounds) + 20);
            receiver.RecordArrivals = true;
            var p50 = new List<double>(); var p95 = new List<double>(); var p99 = new List<double>();
            var stageP50 = LatencyStages.Names.Select(_ => new List<double>()).ToArray();
            var stageP99 = LatencyStages.Names.Select(_ => new List<double>()).ToArray();
            for (var r = 0; r < settings.Rounds; r++)
            {
                var sent = new ConcurrentDictionary<string, long>();
                await Load.PacedAsync(latencyRate, TimeSpan.FromSeconds(settings.LatencySeconds), async _ =>
                {
                    if (!_pending.TryDequeue(out var claim)) throw new InvalidOperationException("no pending claim left to approve");
                    sent[claim.Figure] = Stopwatch.GetTimestamp();
                    await ApproveOneAsync(verification, claim.Claim);
                });
                await Load.UntilAsync(() => Task.FromResult(sent.Keys.All(receiver.Arrivals.ContainsKey)), TimeSpan.FromMinutes(2), "every approval's webhook", 50);
                var latencies = sent.Select(s => Stopwatch.GetElapsedTime(s.Value, receiver.Arrivals[s.Key]).TotalMilliseconds).Order().ToList();
                p50.Add(Load.Percentile(latencies, 50)); p95.Add(Load.Percentile(latencies, 95)); p99.Add(Load.Percentile(latencies, 99));
                var stages = await LatencyStages.MeasureAsync(scope.PostgresConnectionString, latencySub, sent.Keys.ToList());
                for (var i = 0; i < stages.Length; i++)
                {
                    stageP50[i].Add(Load.Percentile(stages[i], 50));
                    stageP99[i].Add(Load.Percentile(stages[i], 99));
                }
            }
            receiver.RecordArrivals = false;
            await publication.DeleteAsync($"/v1/subscriptions/{latencySub}");
            var broker = await Baselines.BrokerLatencyAsync(scope, settings.Rounds, latencyRate, TimeSpan.FromSeconds(settings.LatencySeconds));
            var brokerP99 = Sample.Of(broker.Select(b => b.P99));
            report.Add(new Row("Baselines", $"B-broker latency: publish -> consume at {latencyRate:0}/s, p99", "ms", brokerP99, null, null, Goal.None,
                $"p50 {Sample.Of(broker.Select(b => b.P50)).Median:0.00}, p95 {Sample.Of(broker.Select(b => b.P95)).Median:0.00}"));
            var note = $"{latencyRate:0} approvals/s, 1 subscription";
            report.Add(new Row(Section, "approval -> webhook received, p50", "ms", Sample.Of(p50), null, null, Goal.None, note));
            report.Add(new Row(Section, "approval -> webhook received, p95", "ms", Sample.Of(p95), null, null, Goal.None, note));
            report.Add(new Row(Section, "approval -> webhook received, p99", "ms", Sample.Of(p99), "B-broker p99", brokerP99, Goal.AtMostTimes(10, "B-broker p99"), note));
            // By stage, from the timestamps the services stored: p50s add up to about the whole p50, less the approve request's own reads.
            for (var i = 0; i < LatencyStages.Names.Length; i++)
                report.Add(new Row("Approval -> webhook by stage (p50; p99 in the note)", LatencyStages.Names[i], "ms", Sample.Of(stageP50[i]), null, null, Goal.None,
                    $"p99 {Sample.Of(stageP99[i]).Median:0.0}"));

            // --- what each unit of work costs the machine, against a unit of the baseline it is compared with ---
            ReportCpu("per B-append event (baseline)", appendCpu);
            ReportCpu("per B-post request (baseline)", postCpu);
            ReportCpu("per update accepted (during the rounds, with the downstream work done meanwhile)", acceptedCpu, "B-append event", appendCpu);
            ReportCpu($"per update, POST -> claim in review (bursts of {settings.Burst})", burstCpu, "B-append event", appendCpu);
            ReportCpu("per update, sustained", sustainedCpu, "B-append event", appendCpu);
            ReportCpu("per approval, to FigureRevised consumed by Publication", approvalCpu, "B-append event", appendCpu);
            ReportCpu("per webhook delivery, claimed, sent, received and recorded", deliveryCpu, "B-post request", postCpu);

            // Publication grows once it has sent webhooks: reported too, so the figure above is not the whole story.
            await ReportMemoryAsync(services, "Memory after approvals, webhooks and latency", Goal.None);

            // --- growth: stories stored, subscriptions -------------------------------------------------------------
            if (settings.Growth) await GrowthAsync(ingest, verification, publication, receiver, backlog);
        }
        finally
        {
            foreach (var s in services) await s.DisposeAsync();
        }
    }

    private void ReportCpu(string figure, List<CpuCost> costs, string? baselineName = null, List<CpuCost>? baseline = null)
    {
        if (CpuCost.Row(figure, costs, baselineName, baseline) is { } row) report.Add(row);
    }

    private async Task ReportMemoryAsync(IEnumerable<ServiceProcess> services, string section, Goal goal)
    {
        foreach (var s in services)
        {
            var samples = new List<double>();
            for (var i = 0; i < 3; i++) { samples.Add(s.ResidentMegabytes()); await Task.Delay(300); }
            report.Add(new Row(section, $"{s.Name} resident memory", "MB", Sample.Of(samples), null, null, goal));
        }
    }

    private byte[] UpdateBody(string story, bool figure, string? subject = null)
    {
        var n = Interlocked.Increment(ref _subject);
        var body = new Dictionary<string, object?>
        {
            ["story"] = story,
            ["text"] = Prose,
            ["source"] = "Bench wire",
            ["publishedAt"] = DateTimeOffset.UtcNow.AddMinutes(-1),
        };
        // One subject's values all differ: a repeated value would be another appearance of a claim, not a new claim.
        if (figure) body["figures"] = new[] { new { metric = "injured", subject = subject ?? $"district-{n}", value = subject is null ? 10 + n % 1000 : n } };
        return JsonSerializer.SerializeToUtf8Bytes(body);
    }

    private async Task PostUpdatesAsync(HttpClient ingest, string story, int count, string? subject = null) =>
        await Load.CountAsync(Math.Min(Clients, count), count, async _ =>
        {
            using var content = new ByteArrayContent(UpdateBody(story, figure: true, subject));
            content.Headers.ContentType = new("application/json");
            using var response = await ingest.PostAsync("/v1/updates", content);
            if (response.StatusCode != HttpStatusCode.Accepted) throw new InvalidOperationException($"Ingest answered {(int)response.StatusCode}");
        });

    /// <summary>
    /// Claims that reached review since <paramref name="since"/> and wait there, counted in the database by the index on
    /// their submission time: polled every 100 ms while measuring, it must cost the same however many reviews are stored.
    /// </summary>
    private static Task<long> InReviewAsync(Backlog backlog, DateTimeOffset since) =>
        backlog.CountAsync("select count(*) from verification.mt_doc_review where data ->> 'status' = 'pending' " +
            $"and verification.mt_immutable_timestamptz(data ->> 'submittedAt') >= '{since.UtcDateTime:O}'::timestamptz");

    private static async Task<long> PendingAsync(HttpClient verification, string? story)
    {
        var filter = story is null ? "" : $"story={story}&";
        using var json = JsonDocument.Parse(await verification.GetStringAsync($"/v1/review-queue?{filter}status=pending&pageSize=1"));
        return json.RootElement.GetProperty("total").GetInt64();
    }

    /// <summary>Reads at least <paramref name="needed"/> pending claims, posting more updates first if there are too few.</summary>
    private async Task LoadPendingAsync(HttpClient verification, HttpClient ingest, string story, int needed, string? subject = null)
    {
        var pending = await PendingAsync(verification, story);
        if (pending < needed)
        {
            var more = (int)(needed - pending);
            await PostUpdatesAsync(ingest, story, more, subject);
            await Load.UntilAsync(async () => await PendingAsync(verification, story) >= needed, TimeSpan.FromMinutes(3), "claims to approve", 200);
        }
        _pending.Clear();
        for (var page = 1; _pending.Count < needed; page++)
        {
            using var json = JsonDocument.Parse(await verification.GetStringAsync($"/v1/review-queue?story={story}&status=pending&page={page}&pageSize=200"));
            var items = json.RootElement.GetProperty("items");
            if (items.GetArrayLength() == 0) break;
            foreach (var item in items.EnumerateArray())
                _pending.Enqueue((item.GetProperty("id").GetGuid(), item.GetProperty("figureId").GetString()!,
                    item.GetProperty("value").TryGetProperty("low", out var low) && low.ValueKind == JsonValueKind.Number ? low.GetInt64() : 0));
        }
    }

    private async Task ApproveAsync(HttpClient verification, Backlog backlog, int count)
    {
        var target = backlog.FigureRevised + count;
        await Load.CountAsync(Clients, count, async _ =>
        {
            if (!_pending.TryDequeue(out var claim)) throw new InvalidOperationException("no pending claim left to approve");
            await ApproveOneAsync(verification, claim.Claim);
        });
        await Load.UntilAsync(() => Task.FromResult(backlog.FigureRevised >= target), TimeSpan.FromMinutes(2), "FigureRevised to be published", 5);
    }

    private static async Task ApproveOneAsync(HttpClient verification, Guid claim)
    {
        using var response = await verification.PostAsJsonAsync($"/v1/claims/{claim}/approve", new { note = "bench" });
        if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"approve answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<Guid> SubscribeAsync(HttpClient publication, Uri url, string? story = null)
    {
        using var response = await publication.PostAsJsonAsync("/v1/subscriptions",
            new { url = url.ToString(), description = "bench", filter = story is null ? null : new { stories = new[] { story } } });
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"subscribe answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("id").GetGuid();
    }
}

public sealed record Settings(int Rounds, TimeSpan Round, int Burst, int SustainSeconds, int Approvals, int WebhookApprovals, int LatencySeconds, bool Growth,
    double? LatencyRate = null, int DeepLane = 2000)
{
    public static Settings FromEnvironment()
    {
        static int Int(string name, int fallback) => int.TryParse(Environment.GetEnvironmentVariable(name), out var v) ? v : fallback;
        return new Settings(Math.Max(3, Int("FT_BENCH_ROUNDS", 3)), TimeSpan.FromSeconds(Int("FT_BENCH_ROUND_SECONDS", 4)), Int("FT_BENCH_BURST", 500),
            Int("FT_BENCH_SUSTAIN_SECONDS", 60), Int("FT_BENCH_APPROVALS", 300), Int("FT_BENCH_WEBHOOK_APPROVALS", 1000), Int("FT_BENCH_LATENCY_SECONDS", 5),
            Environment.GetEnvironmentVariable("FT_BENCH_GROWTH") != "0",
            double.TryParse(Environment.GetEnvironmentVariable("FT_BENCH_LATENCY_RATE"), System.Globalization.CultureInfo.InvariantCulture, out var rate) && rate > 0 ? rate : null,
            Int("FT_BENCH_DEEP_LANE", 2000));
    }
}
