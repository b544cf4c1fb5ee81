using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace FactTracker.Benchmarks.Suite;

/// <summary>
/// How the cost grows: the POST -> review rate and the approval -> webhook p99 with 1, 10 and 100 stories of 50 approved
/// figures already stored, then with 100 subscriptions instead of 1. Each level is compared with the smallest one.
/// </summary>
public sealed partial class Pipeline
{
    private const string GrowthSection = "Growth (stories of 50 approved figures already stored; subscriptions)";
    private const int FiguresPerStory = 50;
    private const int GrowthBurst = 200;
    private const double GrowthApprovalRate = 10;

    private async Task GrowthAsync(HttpClient ingest, HttpClient verification, HttpClient publication, BenchReceiver receiver, Backlog backlog)
    {
        var subscriptions = new List<Guid> { await SubscribeAsync(publication, new Uri(receiver.BaseAddress, "/hooks/growth")) };
        Sample? rateAtOne = null, p99AtOne = null;
        var stored = 0;
        foreach (var stories in new[] { 1, 10, 100 })
        {
            var clock = Stopwatch.StartNew();
            await SeedStoriesAsync(ingest, verification, backlog, stored, stories);
            stored = stories;
            Console.WriteLine($"  {stories} stories of {FiguresPerStory} approved figures stored (seeded in {clock.Elapsed.TotalSeconds:0} s)");
            var (rate, p99) = await GrowthRoundsAsync(ingest, verification, receiver, backlog, stories);
            rateAtOne ??= rate;
            p99AtOne ??= p99;
            report.Add(new Row(GrowthSection, $"POST -> claim in review, {stories} stories stored, 1 subscription", "updates/s", rate, "1 story", rateAtOne,
                Goal.AtLeastOf(0.67, "1 story"), $"bursts of {GrowthBurst}, each update a figure of a random stored story"));
            report.Add(new Row(GrowthSection, $"approval -> webhook p99, {stories} stories stored, 1 subscription", "ms", p99, "1 story", p99AtOne,
                Goal.AtMostTimes(1.5, "1 story"), $"{GrowthApprovalRate:0} approvals/s"));
        }

        // The same data with 100 subscriptions: every approval is owed to each of them.
        var (rateOneSubscription, p99OneSubscription) = (report.Rows[^2].Value, report.Rows[^1].Value);
        for (var i = 1; i < 100; i++) subscriptions.Add(await SubscribeAsync(publication, new Uri(receiver.BaseAddress, $"/fanout/growth-{i}")));
        var (rate100, p99100) = await GrowthRoundsAsync(ingest, verification, receiver, backlog, stored);
        report.Add(new Row(GrowthSection, $"POST -> claim in review, {stored} stories stored, 100 subscriptions", "updates/s", rate100, "1 subscription", rateOneSubscription,
            Goal.AtLeastOf(0.67, "1 subscription")));
        report.Add(new Row(GrowthSection, $"approval -> webhook p99, {stored} stories stored, 100 subscriptions", "ms", p99100, "1 subscription", p99OneSubscription,
            Goal.None, $"{GrowthApprovalRate:0} approvals/s, each owed to 100 subscriptions"));
        foreach (var id in subscriptions) await publication.DeleteAsync($"/v1/subscriptions/{id}");
        await backlog.WaitQuietAsync(TimeSpan.FromMinutes(3));
    }

    /// <summary>Stores stories [from, to): one update of 50 figures each, every claim approved in bulk, every revision published.</summary>
    private async Task SeedStoriesAsync(HttpClient ingest, HttpClient verification, Backlog backlog, int from, int to)
    {
        var target = backlog.FigureRevised + (long)(to - from) * FiguresPerStory;
        await Load.CountAsync(8, to - from, async i =>
        {
            var story = $"growth-{from + i}";
            var figures = Enumerable.Range(0, FiguresPerStory).Select(f => new
            {
                metric = f % 2 == 0 ? "killed" : "injured",
                subject = $"district-{f / 2}",
                value = 10 + f,
            });
            var body = new { story, text = "Officials gave figures for every district.", source = "Bench ministry", publishedAt = DateTimeOffset.UtcNow.AddMinutes(-5), figures };
            using (var response = await ingest.PostAsJsonAsync("/v1/updates", body))
                if (response.StatusCode != HttpStatusCode.Accepted) throw new InvalidOperationException($"Ingest answered {(int)response.StatusCode}");
            await Load.UntilAsync(async () => await PendingAsync(verification, story) >= FiguresPerStory, TimeSpan.FromMinutes(3), $"{story}'s claims in review", 200);
            using var page = JsonDocument.Parse(await verification.GetStringAsync($"/v1/review-queue?story={story}&status=pending&pageSize=200"));
            var ids = page.RootElement.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("id").GetGuid()).ToList();
            using var approve = await verification.PostAsJsonAsync($"/v1/stories/{story}/claims/approve", new { claimIds = ids, note = "bench seed" });
            using var result = JsonDocument.Parse(await approve.Content.ReadAsStringAsync());
            if (!approve.IsSuccessStatusCode || result.RootElement.GetProperty("succeeded").GetInt32() != ids.Count)
                throw new InvalidOperationException($"bulk approval of {story} answered {(int)approve.StatusCode}: {result.RootElement}");
        });
        await Load.UntilAsync(() => Task.FromResult(backlog.FigureRevised >= target), TimeSpan.FromMinutes(5), "the seeded revisions to be published", 200);
        await backlog.WaitQuietAsync(TimeSpan.FromMinutes(5));
        await DeliveriesDrainedAsync(backlog);
    }

    /// <summary>Waits until no webhook is still owed, so a measurement does not queue behind the seed's deliveries.</summary>
    private static Task DeliveriesDrainedAsync(Backlog backlog) =>
        Load.UntilAsync(async () => await backlog.CountAsync("select count(*) from publication.mt_doc_delivery where status = 'pending'") == 0,
            TimeSpan.FromMinutes(5), "every owed webhook to be delivered", 200);

    /// <summary>Rounds of: a burst of updates (new figures of random stored stories) into review, then paced approvals of them.</summary>
    private async Task<(Sample Rate, Sample P99)> GrowthRoundsAsync(HttpClient ingest, HttpClient verification, BenchReceiver receiver, Backlog backlog, int stories)
    {
        var rates = new List<double>();
        var p99s = new List<double>();
        receiver.RecordArrivals = true;
        for (var r = 0; r < settings.Rounds; r++)
        {
            var since = DateTimeOffset.UtcNow;
            var clock = Stopwatch.StartNew();
            await Load.CountAsync(Clients, GrowthBurst, async _ =>
            {
                var n = Interlocked.Increment(ref _subject);
                var body = new
                {
                    story = $"growth-{Random.Shared.Next(stories)}",
                    text = Prose,
                    source = "Bench wire",
                    publishedAt = DateTimeOffset.UtcNow.AddMinutes(-1),
                    figures = new[] { new { metric = "injured", subject = $"growth-district-{n}", value = 10 + n % 1000 } },
                };
                using var response = await ingest.PostAsJsonAsync("/v1/updates", body);
                if (response.StatusCode != HttpStatusCode.Accepted) throw new InvalidOperationException($"Ingest answered {(int)response.StatusCode}");
            });
            await Load.UntilAsync(async () => await InReviewAsync(backlog, since) >= GrowthBurst, TimeSpan.FromMinutes(3), "the burst's claims in review", 100);
            rates.Add(GrowthBurst / clock.Elapsed.TotalSeconds);

            var pending = new ConcurrentQueue<(Guid Claim, string Figure)>();
            using (var page = JsonDocument.Parse(await verification.GetStringAsync($"/v1/review-queue?status=pending&pageSize=200")))
                foreach (var item in page.RootElement.GetProperty("items").EnumerateArray())
                    pending.Enqueue((item.GetProperty("id").GetGuid(), item.GetProperty("figureId").GetString()!));
            var sent = new ConcurrentDictionary<string, long>();
            await Load.PacedAsync(GrowthApprovalRate, TimeSpan.FromSeconds(settings.LatencySeconds), async _ =>
            {
                if (!pending.TryDequeue(out var claim)) throw new InvalidOperationException("no pending claim left to approve");
                sent[claim.Figure] = Stopwatch.GetTimestamp();
                await ApproveOneAsync(verification, claim.Claim);
            });
            await Load.UntilAsync(() => Task.FromResult(sent.Keys.All(receiver.Arrivals.ContainsKey)), TimeSpan.FromMinutes(3), "every approval's webhook", 50);
            var latencies = sent.Select(s => Stopwatch.GetElapsedTime(s.Value, receiver.Arrivals[s.Key]).TotalMilliseconds).Order().ToList();
            p99s.Add(Load.Percentile(latencies, 99));
            await backlog.WaitQuietAsync(TimeSpan.FromMinutes(3));
            await DeliveriesDrainedAsync(backlog);
        }
        receiver.RecordArrivals = false;
        return (Sample.Of(rates), Sample.Of(p99s));
    }
}
