using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FactTracker.Publication.Features.InspectDeliveries;
using FactTracker.Publication.Subscriptions;
using FactTracker.Testing;
using FactTracker.Webhooks;
using static FactTracker.Publication.Tests.PublicationFixture;

namespace FactTracker.Publication.Tests.Features.ManageSubscriptions;

/// <summary>Filters, PATCH, pause and resume, redelivery, recovery and the test event, against the real receiver.</summary>
public sealed class SubscriptionLifecycleTests(PublicationFixture fixture) : IClassFixture<PublicationFixture>
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(30);

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    [Fact]
    public async Task A_filter_limits_deliveries_to_the_stories_figures_metrics_and_event_types_it_names()
    {
        var (story, otherStory) = (NewStory(), NewStory());
        var killed = new FigureTimeline(story, "killed", "people");
        var injured = new FigureTimeline(story, "injured", "people");
        var elsewhere = new FigureTimeline(otherStory, "injured", "people");
        var (all, _) = await fixture.CreateSubscriptionAsync();
        var (byStory, _) = await fixture.CreateSubscriptionAsync(filter: new { stories = new[] { story } });
        var (byMetric, _) = await fixture.CreateSubscriptionAsync(filter: new { metrics = new[] { "injured" } });
        var (byFigure, _) = await fixture.CreateSubscriptionAsync(filter: new { figures = new[] { killed.FigureId } });
        var (byStoryAndType, _) = await fixture.CreateSubscriptionAsync(filter: new { stories = new[] { story }, eventTypes = new[] { "figure.corrected" } });
        try
        {
            await fixture.PublishAsync(killed.Approve(Exact(5)));
            await fixture.PublishAsync(injured.Approve(Exact(50)));
            await fixture.PublishAsync(elsewhere.Approve(Exact(500)));
            await fixture.PublishAsync(injured.Correct(1, Exact(55), "typo in the first report"));

            // Deliveries are owed in the same transaction that records a revision: once the catch-all has four, every other owes what it will.
            await Eventually.UntilAsync(async () => (await fixture.DeliveriesAsync(all.Id)).Count == 4, "four deliveries to the catch-all", Long);
            async Task<string[]> Owed(SubscriptionView s) =>
                (await fixture.DeliveriesAsync(s.Id)).Select(d => $"{d.FigureId}#{d.Revision}").Order().ToArray();

            Assert.Equal(new[] { $"{injured.FigureId}#1", $"{injured.FigureId}#2", $"{killed.FigureId}#1" }.Order(), await Owed(byStory));
            Assert.Equal(new[] { $"{elsewhere.FigureId}#1", $"{injured.FigureId}#1", $"{injured.FigureId}#2" }.Order(), await Owed(byMetric));
            Assert.Equal([$"{killed.FigureId}#1"], await Owed(byFigure));
            Assert.Equal([$"{injured.FigureId}#2"], await Owed(byStoryAndType));
            Assert.Equal(new { stories = new[] { story } }.stories, byStory.Filter.Stories);
        }
        finally
        {
            foreach (var s in new[] { all, byStory, byMetric, byFigure, byStoryAndType }) await fixture.UnsubscribeAsync(s.Id);
        }
    }

    public static TheoryData<string, string> BadFilters => new()
    {
        { """{"stories":["Not A Slug"]}""", "filter.stories[0]" },
        { """{"figures":["story/killed"]}""", "filter.figures[0]" },
        { """{"metrics":["injured","wounded"]}""", "filter.metrics[1]" },
        { """{"eventTypes":["figure.deleted"]}""", "filter.eventTypes[0]" },
        { """{"story":["x"]}""", "filter.story" },
        { """{"metrics":"injured"}""", "filter.metrics" },
    };

    [Theory]
    [MemberData(nameof(BadFilters))]
    public async Task A_bad_filter_gets_a_problem_naming_the_field(string filter, string field) =>
        await SubscriptionAssertions.AssertRefusedAsync(fixture.Client,
            $$"""{"url":"https://news.example.org/hooks/MARK","filter":{{filter}}}""", field);

    [Fact]
    public async Task Patch_changes_what_it_names_and_checks_it_as_creation_does()
    {
        var (subscription, _) = await fixture.CreateSubscriptionAsync();
        try
        {
            var url = $"https://news.example.org/hooks/{Guid.NewGuid():N}";
            var patched = await fixture.Client.PatchAsJsonAsync($"/v1/subscriptions/{subscription.Id}",
                new { url, filter = new { metrics = new[] { "killed" } } });
            Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
            var read = (await fixture.Client.GetFromJsonAsync<SubscriptionView>($"/v1/subscriptions/{subscription.Id}"))!;
            Assert.Equal((url, "test receiver", "killed"), (read.Url, read.Description, read.Filter.Metrics!.Single()));
            Assert.True(read.UpdatedAt > subscription.UpdatedAt);

            var refused = await ProblemAsync(await fixture.Client.PatchAsJsonAsync($"/v1/subscriptions/{subscription.Id}",
                new { url = "https://169.254.169.254/latest" }), HttpStatusCode.BadRequest);
            Assert.True(refused.GetProperty("errors").TryGetProperty("url", out _));
            Assert.Equal(url, (await fixture.Client.GetFromJsonAsync<SubscriptionView>($"/v1/subscriptions/{subscription.Id}"))!.Url);
        }
        finally
        {
            await fixture.UnsubscribeAsync(subscription.Id);
        }
    }

    [Fact]
    public async Task A_paused_subscription_is_owed_events_and_gets_them_in_order_on_resume()
    {
        var (paused, pausedPath) = await fixture.CreateSubscriptionAsync();
        var (active, _) = await fixture.CreateSubscriptionAsync();
        try
        {
            var pause = await fixture.Client.PostAsync($"/v1/subscriptions/{paused.Id}/pause", null);
            Assert.Equal("paused", (await pause.Content.ReadFromJsonAsync<SubscriptionView>())!.Status);
            var figure = new FigureTimeline(NewStory());
            await fixture.PublishAsync(figure.Approve(Exact(1)));
            await fixture.PublishAsync(figure.Approve(Exact(2)));

            // The active subscription got both: the scheduler has run since, and passed the paused one by.
            await fixture.WaitForDeliveryAsync(active.Id, figure.FigureId, DeliveryStatus.Delivered, Long, revision: 2);
            Assert.All(await fixture.DeliveriesAsync(paused.Id), d => Assert.Equal((DeliveryStatus.Pending, 0), (d.Status, d.AttemptCount)));
            Assert.Equal(2, (await fixture.DeliveriesAsync(paused.Id)).Count);
            Assert.Empty(fixture.ReceivedAt(pausedPath));

            var resume = await fixture.Client.PostAsync($"/v1/subscriptions/{paused.Id}/resume", null);
            Assert.Equal("active", (await resume.Content.ReadFromJsonAsync<SubscriptionView>())!.Status);
            await fixture.WaitForDeliveryAsync(paused.Id, figure.FigureId, DeliveryStatus.Delivered, Long, revision: 2);
            Assert.Equal([1, 2], fixture.ReceivedAt(pausedPath).Select(h =>
                JsonDocument.Parse(h.Body).RootElement.GetProperty("data").GetProperty("revision").GetInt32()));
        }
        finally
        {
            await fixture.UnsubscribeAsync(paused.Id);
            await fixture.UnsubscribeAsync(active.Id);
        }
    }

    [Fact]
    public async Task A_redelivery_sends_the_same_webhook_id_again()
    {
        var (subscription, path) = await fixture.CreateSubscriptionAsync();
        try
        {
            var revised = Revision(NewStory(), Exact(9));
            await fixture.PublishAsync(revised);
            var delivered = await fixture.WaitForDeliveryAsync(subscription.Id, revised.FigureId, DeliveryStatus.Delivered, Long);

            var response = await fixture.Client.PostAsync($"/v1/deliveries/{delivered.Id}/redeliver", null);

            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            Assert.Equal($"/v1/deliveries/{delivered.Id}", response.Headers.Location!.OriginalString);
            var detail = await Eventually.UntilAsync(async () => await fixture.DeliveryAsync(delivered.Id) is { Status: DeliveryStatus.Delivered, AttemptCount: 2 } d ? d : null,
                "the redelivery", Long);
            Assert.Equal(["scheduled", "redeliver"], detail.Attempts.Select(a => a.Trigger));
            var hooks = fixture.ReceivedAt(path);
            Assert.Equal(2, hooks.Count);
            Assert.All(hooks, h => Assert.Equal(delivered.Id.ToString(), h.Headers["webhook-id"]));
            Assert.Equal(hooks[0].Body, hooks[1].Body);
        }
        finally
        {
            await fixture.UnsubscribeAsync(subscription.Id);
        }
    }

    [Fact]
    public async Task Recover_sends_again_everything_in_the_window_with_the_original_webhook_ids_in_order()
    {
        var down = true;
        var (subscription, path) = await fixture.CreateSubscriptionAsync(_ => Volatile.Read(ref down) ? 500 : 200);
        try
        {
            var figure = new FigureTimeline(NewStory());
            await fixture.PublishAsync(figure.Approve(Exact(1)));
            await fixture.PublishAsync(figure.Approve(Exact(2)));
            await fixture.WaitForDeliveryAsync(subscription.Id, figure.FigureId, DeliveryStatus.Failed, Long, revision: 2);
            var deadLetters = await fixture.DeliveriesAsync(subscription.Id, "failed");
            Assert.Equal(2, deadLetters.Count);
            Volatile.Write(ref down, false);
            var before = fixture.ReceivedAt(path).Count;

            var response = await fixture.Client.PostAsJsonAsync($"/v1/subscriptions/{subscription.Id}/recover",
                new { since = subscription.CreatedAt });

            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            Assert.Equal(2, (await response.Content.ReadFromJsonAsync<RecoverResult>())!.Recovered);
            await fixture.WaitForDeliveryAsync(subscription.Id, figure.FigureId, DeliveryStatus.Delivered, Long, revision: 2);
            var recovered = fixture.ReceivedAt(path).Skip(before).ToList();
            Assert.Equal(deadLetters.OrderBy(d => d.Revision).Select(d => d.Id.ToString()), recovered.Select(h => h.Headers["webhook-id"]));
            Assert.Empty(await fixture.DeliveriesAsync(subscription.Id, "failed"));
            Assert.Equal("recover", (await fixture.DeliveryAsync(deadLetters[0].Id)).Attempts[^1].Trigger);

            // A window that ends before anything was sent recovers nothing.
            var empty = await fixture.Client.PostAsJsonAsync($"/v1/subscriptions/{subscription.Id}/recover",
                new { since = subscription.CreatedAt.AddHours(-2), until = subscription.CreatedAt.AddHours(-1) });
            Assert.Equal(0, (await empty.Content.ReadFromJsonAsync<RecoverResult>())!.Recovered);
        }
        finally
        {
            await fixture.UnsubscribeAsync(subscription.Id);
        }
    }

    [Fact]
    public async Task The_test_event_is_a_signed_example_sent_once()
    {
        var (subscription, path) = await fixture.CreateSubscriptionAsync();
        try
        {
            var response = await fixture.Client.PostAsync($"/v1/subscriptions/{subscription.Id}/test", null);

            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            var delivery = (await response.Content.ReadFromJsonAsync<DeliverySummary>())!;
            var hook = await Eventually.UntilAsync(() => Task.FromResult(fixture.ReceivedAt(path).FirstOrDefault()), "the test event", Long);
            Assert.Equal(delivery.Id.ToString(), hook.Headers["webhook-id"]);
            var body = JsonDocument.Parse(hook.Body).RootElement;
            Assert.Equal("figure.revised", body.GetProperty("type").GetString());
            Assert.True(body.GetProperty("data").GetProperty("example").GetBoolean());
            Assert.True(WebhookSignature.Verify(hook.Headers["webhook-id"], hook.Headers["webhook-timestamp"], hook.Headers["webhook-signature"],
                hook.RawBody, subscription.Secret!, DateTimeOffset.UtcNow).IsValid);

            var contested = await fixture.Client.PostAsJsonAsync($"/v1/subscriptions/{subscription.Id}/test", new { eventType = "figure.contested" });
            Assert.Equal(HttpStatusCode.Accepted, contested.StatusCode);
            await Eventually.UntilAsync(() => fixture.ReceivedAt(path).Any(h => h.Body.Contains("\"figure.contested\"")), "the contested example", Long);
            var bad = await ProblemAsync(await fixture.Client.PostAsJsonAsync($"/v1/subscriptions/{subscription.Id}/test", new { eventType = "figure.deleted" }),
                HttpStatusCode.BadRequest);
            Assert.True(bad.GetProperty("errors").TryGetProperty("eventType", out _));
        }
        finally
        {
            await fixture.UnsubscribeAsync(subscription.Id);
        }
    }

    [Fact]
    public async Task A_failing_test_event_is_not_retried()
    {
        var (subscription, path) = await fixture.CreateSubscriptionAsync(_ => 500);
        try
        {
            var delivery = (await (await fixture.Client.PostAsync($"/v1/subscriptions/{subscription.Id}/test", null))
                .Content.ReadFromJsonAsync<DeliverySummary>())!;

            var failed = await Eventually.UntilAsync(async () => await fixture.DeliveryAsync(delivery.Id) is { Status: DeliveryStatus.Failed } d ? d : null,
                "the test event to fail", Long);
            Assert.Equal(("test", 500), (failed.Attempts.Single().Trigger, failed.LastStatusCode));
            Assert.Single(fixture.ReceivedAt(path));
        }
        finally
        {
            await fixture.UnsubscribeAsync(subscription.Id);
        }
    }

    [Theory]
    [InlineData("PATCH", "/v1/subscriptions/{id}", "{}")]
    [InlineData("POST", "/v1/subscriptions/{id}/pause", null)]
    [InlineData("POST", "/v1/subscriptions/{id}/resume", null)]
    [InlineData("POST", "/v1/subscriptions/{id}/rotate-secret", null)]
    [InlineData("POST", "/v1/subscriptions/{id}/test", null)]
    [InlineData("POST", "/v1/subscriptions/{id}/recover", """{"since":"2022-01-06T00:00:00Z"}""")]
    [InlineData("GET", "/v1/deliveries/{id}", null)]
    [InlineData("POST", "/v1/deliveries/{id}/redeliver", null)]
    public async Task Something_unknown_is_a_404_problem(string method, string path, string? body)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("{id}", Guid.NewGuid().ToString()));
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");

        var problem = await ProblemAsync(await fixture.Client.SendAsync(request), HttpStatusCode.NotFound);
        Assert.Equal(404, problem.GetProperty("status").GetInt32());
    }

    [Theory]
    [InlineData("""{}""", "since")]
    [InlineData("""{"since":"yesterday"}""", "since")]
    [InlineData("""{"since":"2999-01-01T00:00:00Z"}""", "since")]
    [InlineData("""{"since":"2022-01-06T12:00:00Z","until":"2022-01-06T11:00:00Z"}""", "until")]
    public async Task A_bad_recovery_window_gets_a_problem_naming_the_field(string body, string field)
    {
        var (subscription, _) = await fixture.CreateSubscriptionAsync();
        try
        {
            var problem = await ProblemAsync(await fixture.Client.PostAsync($"/v1/subscriptions/{subscription.Id}/recover",
                new StringContent(body, Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"expected '{field}' in {problem}");
        }
        finally
        {
            await fixture.UnsubscribeAsync(subscription.Id);
        }
    }

    [Fact]
    public async Task A_bad_delivery_status_filter_gets_a_problem_naming_it()
    {
        var (subscription, _) = await fixture.CreateSubscriptionAsync();
        var problem = await ProblemAsync(await fixture.Client.GetAsync($"/v1/subscriptions/{subscription.Id}/deliveries?status=lost"), HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("status", out _));
        await fixture.UnsubscribeAsync(subscription.Id);
    }
}
