using System.Net.Http.Headers;
using FactTracker.Publication.Features.DeliverWebhook;

namespace FactTracker.Publication.Tests.Features.DeliverWebhook;

public sealed class DeliveryDecisionsTests
{
    private static readonly DateTimeOffset Now = new(2022, 1, 6, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan[] Svix = [TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30),
        TimeSpan.FromHours(2), TimeSpan.FromHours(5), TimeSpan.FromHours(10), TimeSpan.FromHours(10)];
    private static readonly TimeSpan Cap = TimeSpan.FromHours(24);

    [Theory]
    [InlineData(1, 5)]
    [InlineData(2, 300)]
    [InlineData(3, 1800)]
    [InlineData(7, 36000)]
    public void Each_failure_waits_as_the_schedule_says(int attempts, double seconds) =>
        Assert.Equal(Now.AddSeconds(seconds), DeliveryDecisions.NextAttemptAt(Now, attempts, Svix, 0.1, null, Cap, random: 0.5));

    [Fact]
    public void The_jitter_moves_a_wait_by_at_most_its_fraction()
    {
        Assert.Equal(Now.AddMinutes(4.5), DeliveryDecisions.NextAttemptAt(Now, 2, Svix, 0.1, null, Cap, random: 0));
        Assert.InRange(DeliveryDecisions.NextAttemptAt(Now, 2, Svix, 0.1, null, Cap, random: 0.999999)!.Value, Now.AddMinutes(5.49), Now.AddMinutes(5.5));
    }

    [Fact]
    public void After_the_eighth_attempt_there_is_no_next_one() =>
        Assert.Null(DeliveryDecisions.NextAttemptAt(Now, 8, Svix, 0.1, null, Cap, 0.5));

    [Fact]
    public void Retry_After_waits_longer_than_the_schedule_but_not_past_the_cap()
    {
        Assert.Equal(Now.AddSeconds(120), DeliveryDecisions.NextAttemptAt(Now, 1, Svix, 0, TimeSpan.FromSeconds(120), Cap, 0.5));
        Assert.Equal(Now.AddMinutes(5), DeliveryDecisions.NextAttemptAt(Now, 2, Svix, 0, TimeSpan.FromSeconds(1), Cap, 0.5));
        Assert.Equal(Now + Cap, DeliveryDecisions.NextAttemptAt(Now, 1, Svix, 0, TimeSpan.FromDays(7), Cap, 0.5));
    }

    [Fact]
    public void Retry_After_reads_as_seconds_or_a_date()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), DeliveryDecisions.RetryAfter(new RetryConditionHeaderValue(TimeSpan.FromSeconds(30)), Now));
        Assert.Equal(TimeSpan.FromMinutes(2), DeliveryDecisions.RetryAfter(new RetryConditionHeaderValue(Now.AddMinutes(2)), Now));
        Assert.Equal(TimeSpan.Zero, DeliveryDecisions.RetryAfter(new RetryConditionHeaderValue(Now.AddMinutes(-2)), Now));
        Assert.Null(DeliveryDecisions.RetryAfter(null, Now));
    }

    [Theory]
    [InlineData(200, true, false, false)]
    [InlineData(204, true, false, false)]
    [InlineData(299, true, false, false)]
    [InlineData(301, false, false, false)]
    [InlineData(404, false, false, false)]
    [InlineData(410, false, true, false)]
    [InlineData(429, false, false, true)]
    [InlineData(500, false, false, false)]
    [InlineData(503, false, false, true)]
    public void An_answer_counts_by_its_status(int status, bool succeeded, bool gone, bool keepsRetryAfter)
    {
        var outcome = DeliveryDecisions.Judge(Now, 12, status, "x", null, TimeSpan.FromSeconds(9), null);

        Assert.Equal((succeeded, gone, keepsRetryAfter), (outcome.Succeeded, outcome.Gone, outcome.RetryAfter is not null));
        Assert.True(outcome.Counted);
        Assert.Equal(succeeded, outcome.Error is null);
    }
}
