using System.CommandLine;
using FactTracker.Cli.Admin;
using FactTracker.Contracts;
using FactTracker.Testing;
using MassTransit;

namespace FactTracker.Resilience.Tests.Mechanisms;

/// <summary>
/// A message that fails validation goes to its queue's _error queue on its first attempt, and the valid messages
/// published behind it are still handled; an error queue replayed moves every message back to its queue.
/// </summary>
[Collection(MessagingCollection.Name)]
public sealed class PoisonMessageTests(MessagingFixture f)
{
    // The retry policy waits 200 ms .. 10 s six times; a poison message must not.
    private static readonly TimeSpan Promptly = TimeSpan.FromSeconds(8);

    [Fact]
    public async Task A_poison_update_lands_in_the_claims_error_queue_at_once_and_the_next_update_flows()
    {
        var poison = Messages.Update() with { Story = null! };
        var next = Messages.Update();
        await AssertParkedAtOnceAsync(f.ClaimsBus, "update-received", poison, next, m => m.UpdateId == poison.UpdateId, m => m.UpdateId == next.UpdateId);
        await f.ClaimsBus.WaitForConsumedAsync<UpdateReceived>(m => m.UpdateId == next.UpdateId);
    }

    [Fact]
    public async Task A_poison_claim_lands_in_the_verification_error_queue_at_once_and_the_next_claim_flows()
    {
        var poison = Messages.Claim() with { Value = null! };
        var next = Messages.Claim();
        await AssertParkedAtOnceAsync(f.VerificationBus, "claim-submitted", poison, next, m => m.ClaimId == poison.ClaimId, m => m.ClaimId == next.ClaimId);
    }

    [Fact]
    public async Task A_poison_revision_lands_in_the_publication_error_queue_at_once_and_the_next_revision_flows()
    {
        var poison = Messages.Revision() with { ClaimId = Guid.Empty };
        var next = Messages.Revision();
        await AssertParkedAtOnceAsync(f.PublicationBus, "figure-revised", poison, next, m => m.FigureId == poison.FigureId, m => m.FigureId == next.FigureId);
    }

    [Fact]
    public async Task A_poison_contested_notice_lands_in_the_publication_error_queue_at_once()
    {
        var revision = Messages.Revision();
        var poison = new FigureContested(revision.FigureId, revision.Story, revision.Metric, revision.Subject, 1, true, revision.RecordedAt,
            revision.State with { Sources = [null!] });
        var next = new FigureContested(revision.FigureId, revision.Story, revision.Metric, revision.Subject, 1, true, revision.RecordedAt, revision.State);
        await AssertParkedAtOnceAsync(f.PublicationBus, "figure-contested", poison, next,
            m => m.FigureId == poison.FigureId && m.State.Sources.Contains(null!), m => m.FigureId == next.FigureId && !m.State.Sources.Contains(null!));
    }

    [Fact]
    public async Task Replaying_an_error_queue_moves_its_messages_back_and_the_poison_returns_alone()
    {
        // Park a poison message the real way, then three valid updates as if they had failed on a broker hiccup.
        var queue = "update-received_error";
        var before = await f.Scope.CountAsync(queue);
        var poison = Messages.Update() with { Text = null! };
        await f.Observer.Bus.Publish(poison);
        await Eventually.UntilAsync(async () => await f.Scope.CountAsync(queue) == before + 1, "the poison update in the error queue", Promptly);
        var parked = Enumerable.Range(0, 3).Select(_ => Messages.Update()).ToList();
        var errors = await f.Observer.Bus.GetSendEndpoint(new Uri($"exchange:{queue}"));
        foreach (var update in parked) await errors.Send(update);
        await Eventually.UntilAsync(async () => await f.Scope.CountAsync(queue) == before + 4, "the parked updates in the error queue");
        Assert.DoesNotContain(f.ClaimsBus.Consumed<UpdateReceived>(), m => parked.Any(p => p.UpdateId == m.UpdateId));

        var code = await new RootCommand { ErrorsCommand.Create() }.Parse(
            ["admin", "errors", "replay", queue, "--rabbitmq", f.Scope.RabbitMqUri, "--management", InfrastructureScope.RabbitMqManagement]).InvokeAsync();

        Assert.Equal(0, code);
        foreach (var update in parked)
            await f.ClaimsBus.WaitForConsumedAsync<UpdateReceived>(m => m.UpdateId == update.UpdateId);
        await Eventually.UntilAsync(async () => await f.Scope.CountAsync(queue) == before + 1, "only the poison update back in the error queue", Promptly);
        Assert.Equal(2, f.ClaimsBus.Faults<UpdateReceived>().Count(x => x.Message.UpdateId == poison.UpdateId));
    }

    private async Task AssertParkedAtOnceAsync<T>(BusProbe probe, string queue, T poison, T next, Func<T, bool> isPoison, Func<T, bool> isNext)
        where T : class
    {
        var before = await f.Scope.CountAsync($"{queue}_error");
        await f.Observer.Bus.Publish(poison);
        await f.Observer.Bus.Publish(next);

        await Eventually.UntilAsync(async () => await f.Scope.CountAsync($"{queue}_error") == before + 1, $"the poison {typeof(T).Name} in {queue}_error", Promptly);
        await probe.WaitForConsumedAsync(isNext);
        var attempts = probe.Faults<T>().Where(x => isPoison(x.Message)).ToList();
        var attempt = Assert.Single(attempts); // never retried
        Assert.IsType<ServiceDefaults.PoisonMessageException>(attempt.Error);
        Assert.DoesNotContain(probe.Consumed<T>(), m => isPoison(m));
    }
}
