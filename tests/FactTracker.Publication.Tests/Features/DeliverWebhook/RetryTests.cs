using System.Net.Http.Json;
using System.Text.Json;
using FactTracker.Contracts;
using FactTracker.Publication.Subscriptions;
using FactTracker.Testing;
using static FactTracker.Publication.Tests.PublicationFixture;

namespace FactTracker.Publication.Tests.Features.DeliverWebhook;

/// <summary>How answers count: 2xx within the timeout succeeds; anything else is retried on the schedule, honouring Retry-After; 410 disables.</summary>
public sealed class RetryTests(PublicationFixture fixture) : IClassFixture<PublicationFixture>
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(30);

    /// <summary>The n-th answer for the n-th attempt; the last one for every attempt after.</summary>
    private static Func<ReceivedWebhook, WebhookAnswer> InTurn(params WebhookAnswer[] answers)
    {
        var attempt = 0;
        return _ => answers[Math.Min(Interlocked.Increment(ref attempt), answers.Length) - 1];
    }

    private async Task<(Guid Subscription, string Path, Contracts.FigureRevised Revision)> PublishToAsync(Func<ReceivedWebhook, WebhookAnswer> respond)
    {
        var (subscriptionId, path) = await fixture.SubscribeAsync(respond);
        var revised = Revision(NewStory(), Exact(40));
        await fixture.PublishAsync(revised);
        return (subscriptionId, path, revised);
    }

    [Fact]
    public async Task Every_attempt_is_logged_with_its_status_latency_and_the_start_of_the_response()
    {
        var answer = new string('x', 3_000);
        var (subscriptionId, path, revised) = await PublishToAsync(InTurn(new WebhookAnswer(500, Body: "busy"), new WebhookAnswer(502), new WebhookAnswer(200, Body: answer)));
        try
        {
            var summary = await fixture.WaitForDeliveryAsync(subscriptionId, revised.FigureId, DeliveryStatus.Delivered, Long);

            Assert.Equal((3, 200), (summary.AttemptCount, summary.LastStatusCode));
            Assert.Equal(answer[..1024], summary.LastResponse);
            Assert.True(summary.LastLatencyMs > 0);
            Assert.Null(summary.NextAttemptAt);
            var detail = await fixture.DeliveryAsync(summary.Id);
            Assert.Equal([1, 2, 3], detail.Attempts.Select(a => a.Number));
            Assert.Equal(new int?[] { 500, 502, 200 }, detail.Attempts.Select(a => a.StatusCode));
            Assert.Equal([false, false, true], detail.Attempts.Select(a => a.Succeeded));
            Assert.Equal("busy", detail.Attempts[0].Response);
            Assert.All(detail.Attempts.Take(2), a => Assert.True(a.NextAttemptAt > a.StartedAt));
            Assert.All(detail.Attempts, a => Assert.Equal("scheduled", a.Trigger));
            Assert.Equal(fixture.ReceivedAt(path)[0].Body, detail.Payload);
            Assert.Equal(3, fixture.ReceivedAt(path).Count);
        }
        finally
        {
            await fixture.UnsubscribeAsync(subscriptionId);
        }
    }

    [Fact]
    public async Task An_endpoint_that_answers_too_late_has_failed_and_is_tried_again()
    {
        var (subscriptionId, path, revised) = await PublishToAsync(InTurn(new WebhookAnswer(200, Delay: AttemptTimeout + TimeSpan.FromSeconds(3)), 200));
        try
        {
            var summary = await fixture.WaitForDeliveryAsync(subscriptionId, revised.FigureId, DeliveryStatus.Delivered, Long);

            var detail = await fixture.DeliveryAsync(summary.Id);
            Assert.Equal(2, detail.Attempts.Count);
            Assert.False(detail.Attempts[0].Succeeded);
            Assert.Null(detail.Attempts[0].StatusCode);
            Assert.Contains("No answer within 2 s", detail.Attempts[0].Error);
            Assert.InRange(detail.Attempts[0].LatencyMs, AttemptTimeout.TotalMilliseconds - 100, AttemptTimeout.TotalMilliseconds + 3_000);
            Assert.True(detail.Attempts[1].Succeeded);
            Assert.Equal(2, fixture.ReceivedAt(path).Count);
        }
        finally
        {
            await fixture.UnsubscribeAsync(subscriptionId);
        }
    }

    [Theory]
    [InlineData(429)]
    [InlineData(503)]
    public async Task Retry_After_is_honoured_over_a_shorter_wait_in_the_schedule(int status)
    {
        var (subscriptionId, path, revised) = await PublishToAsync(InTurn(
            new WebhookAnswer(status, Headers: new Dictionary<string, string> { ["Retry-After"] = "2" }), 200));
        try
        {
            var summary = await fixture.WaitForDeliveryAsync(subscriptionId, revised.FigureId, DeliveryStatus.Delivered, Long);

            var hooks = fixture.ReceivedAt(path);
            Assert.Equal(2, hooks.Count);
            // The schedule's first wait is 100 ms; the endpoint asked for 2 s.
            Assert.True(hooks[1].ReceivedAt - hooks[0].ReceivedAt >= TimeSpan.FromSeconds(1.9), $"retried after {(hooks[1].ReceivedAt - hooks[0].ReceivedAt).TotalMilliseconds} ms");
            var first = (await fixture.DeliveryAsync(summary.Id)).Attempts[0];
            Assert.Equal(status, first.StatusCode);
            Assert.True(first.NextAttemptAt - first.StartedAt >= TimeSpan.FromSeconds(2));
        }
        finally
        {
            await fixture.UnsubscribeAsync(subscriptionId);
        }
    }

    [Fact]
    public async Task A_redirect_is_a_failure_and_is_not_followed()
    {
        var target = $"/hook/{Guid.NewGuid():N}";
        var location = new Uri(fixture.Receiver.BaseAddress, target).ToString();
        var (subscriptionId, path, revised) = await PublishToAsync(_ => new WebhookAnswer(307, Headers: new Dictionary<string, string> { ["Location"] = location }));
        try
        {
            var failed = await fixture.WaitForDeliveryAsync(subscriptionId, revised.FigureId, DeliveryStatus.Failed, Long);

            Assert.Equal(307, failed.LastStatusCode);
            Assert.Contains("redirect", failed.LastError);
            Assert.Contains(location, failed.LastError);
            Assert.Equal(MaxAttempts, fixture.ReceivedAt(path).Count);
            Assert.Empty(fixture.ReceivedAt(target));
        }
        finally
        {
            await fixture.UnsubscribeAsync(subscriptionId);
        }
    }

    [Fact]
    public async Task A_410_disables_the_subscription_at_once_and_tells_the_admin()
    {
        var (watcher, watcherPath) = await fixture.CreateSubscriptionAsync(filter: new { eventTypes = new[] { "subscription.disabled" } });
        var (subscriptionId, path, revised) = await PublishToAsync(_ => 410);
        try
        {
            var failed = await fixture.WaitForDeliveryAsync(subscriptionId, revised.FigureId, DeliveryStatus.Failed, Long);

            Assert.Single(fixture.ReceivedAt(path)); // no retry
            Assert.Equal(410, failed.LastStatusCode);
            var subscription = await fixture.Client.GetFromJsonAsync<SubscriptionView>($"/v1/subscriptions/{subscriptionId}");
            Assert.Equal("disabled", subscription!.Status);
            Assert.Contains("410", subscription.DisabledReason);
            var told = Assert.Single(await fixture.Messages.WaitForAsync<SubscriptionDisabled>(m => m.SubscriptionId == subscriptionId));
            Assert.Contains("410", told.Reason);
            var hook = await Eventually.UntilAsync(() => Task.FromResult(fixture.ReceivedAt(watcherPath).FirstOrDefault()), "the subscription.disabled webhook");
            var body = JsonDocument.Parse(hook.Body).RootElement;
            Assert.Equal("subscription.disabled", body.GetProperty("type").GetString());
            Assert.Equal(subscriptionId, body.GetProperty("data").GetProperty("subscriptionId").GetGuid());

            // Disabled, it is owed nothing more.
            var later = Revision(NewStory(), Exact(41));
            await fixture.PublishAsync(later);
            await fixture.WaitForFigureAsync(later.FigureId);
            Assert.DoesNotContain(await fixture.DeliveriesAsync(subscriptionId), d => d.FigureId == later.FigureId);
            Assert.DoesNotContain(await fixture.DeliveriesAsync(watcher.Id), d => d.FigureId == later.FigureId);
        }
        finally
        {
            await fixture.UnsubscribeAsync(subscriptionId);
            await fixture.UnsubscribeAsync(watcher.Id);
        }
    }
}
