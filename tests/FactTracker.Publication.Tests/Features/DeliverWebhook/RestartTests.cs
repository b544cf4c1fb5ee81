using System.Net.Http.Json;
using FactTracker.Publication.Subscriptions;
using FactTracker.Testing;
using static FactTracker.Publication.Tests.PublicationFixture;

namespace FactTracker.Publication.Tests.Features.DeliverWebhook;

/// <summary>Publication whose second retry waits five seconds, long enough to restart it in between.</summary>
public sealed class RestartFixture() : PublicationFixture(allowLoopback: true,
    new Dictionary<string, string?> { ["Webhooks:RetrySchedule"] = "100ms,5s,300ms,300ms,300ms,300ms,300ms" });

public sealed class RestartTests(RestartFixture fixture) : IClassFixture<RestartFixture>
{
    [Fact]
    public async Task A_restart_in_the_middle_of_the_retry_schedule_resumes_it_with_the_same_webhook_id()
    {
        var attempts = 0;
        var (subscriptionId, path) = await fixture.SubscribeAsync(_ => Interlocked.Increment(ref attempts) <= 2 ? 500 : 200);
        var revised = Revision(NewStory(), Exact(12));
        await fixture.PublishAsync(revised);

        var waiting = await Eventually.UntilAsync(async () => (await fixture.DeliveriesAsync(subscriptionId))
            .SingleOrDefault(d => d.FigureId == revised.FigureId && d.AttemptCount == 2 && d.Status == DeliveryStatus.Pending),
            "two failed attempts and a third one scheduled");
        Assert.True(waiting.NextAttemptAt > DateTimeOffset.UtcNow, "the third attempt is still ahead");

        await fixture.RestartAsync();
        var restarted = DateTimeOffset.UtcNow;
        Assert.Equal(2, fixture.ReceivedAt(path).Count);

        var delivered = await fixture.WaitForDeliveryAsync(subscriptionId, revised.FigureId, DeliveryStatus.Delivered, TimeSpan.FromSeconds(30));
        var hooks = fixture.ReceivedAt(path);
        Assert.Equal(3, hooks.Count);
        Assert.True(hooks[2].ReceivedAt >= restarted.AddMilliseconds(-50), "the new instance made the third attempt");
        Assert.All(hooks, h => Assert.Equal(delivered.Id.ToString(), h.Headers["webhook-id"]));
        Assert.Equal(3, (await fixture.DeliveryAsync(delivered.Id)).Attempts.Count);
    }
}

/// <summary>Publication that disables a subscription after one second of failures instead of five days.</summary>
public sealed class ShortFailureWindowFixture() : PublicationFixture(allowLoopback: true, new Dictionary<string, string?>
{
    ["Webhooks:RetrySchedule"] = "300ms,300ms,300ms,300ms,300ms,300ms,300ms",
    ["Webhooks:DisableAfter"] = "00:00:01",
});

public sealed class FailingForTooLongTests(ShortFailureWindowFixture fixture) : IClassFixture<ShortFailureWindowFixture>
{
    [Fact]
    public async Task A_subscription_whose_every_attempt_fails_for_the_whole_window_is_disabled_and_the_admin_told()
    {
        var (subscriptionId, path) = await fixture.SubscribeAsync(_ => 500);
        var first = Revision(NewStory(), Exact(1));
        await fixture.PublishAsync(first);

        var told = (await fixture.Messages.WaitForAsync<Contracts.SubscriptionDisabled>(m => m.SubscriptionId == subscriptionId,
            timeout: TimeSpan.FromSeconds(30))).Single();

        Assert.Contains("Every attempt has failed since", told.Reason);
        Assert.True(told.DisabledAt - told.FailingSince >= TimeSpan.FromSeconds(1));
        var subscription = await Eventually.UntilAsync(async () =>
            await fixture.Client.GetFromJsonAsync<SubscriptionView>($"/v1/subscriptions/{subscriptionId}") is { Status: "disabled" } s ? s : null,
            "the subscription to read as disabled");
        Assert.Equal(told.Reason, subscription.DisabledReason);
        var failed = await fixture.WaitForDeliveryAsync(subscriptionId, first.FigureId, DeliveryStatus.Failed);
        Assert.True(failed.AttemptCount < MaxAttempts, "the schedule stopped when the subscription was disabled");
        Assert.Equal(failed.AttemptCount, fixture.ReceivedAt(path).Count);
    }

    [Fact]
    public async Task A_success_ends_the_run_of_failures()
    {
        var attempts = 0;
        var (subscriptionId, _) = await fixture.SubscribeAsync(_ => Interlocked.Increment(ref attempts) == 1 ? 500 : 200);
        try
        {
            var revised = Revision(NewStory(), Exact(1));
            await fixture.PublishAsync(revised);

            await fixture.WaitForDeliveryAsync(subscriptionId, revised.FigureId, DeliveryStatus.Delivered, TimeSpan.FromSeconds(30));
            var subscription = await fixture.Client.GetFromJsonAsync<SubscriptionView>($"/v1/subscriptions/{subscriptionId}");
            Assert.Equal(("active", null), (subscription!.Status, subscription.FailingSince));
        }
        finally
        {
            await fixture.UnsubscribeAsync(subscriptionId);
        }
    }
}
