using FactTracker.ServiceDefaults;
using FactTracker.Verification.Reviews;
using MassTransit;

namespace FactTracker.Verification.Features.ClaimSubmitted;

/// <summary>Starts a submitted claim's review stream, which puts it in the queue. Safe to run twice.</summary>
public sealed class ClaimSubmittedConsumer(GroupCommits commits) : IConsumer<Contracts.ClaimSubmitted>
{
    public async Task Consume(ConsumeContext<Contracts.ClaimSubmitted> context)
    {
        var c = context.Message;
        var submitted = new ReviewSubmitted(c.ClaimId, c.UpdateId, c.Story, c.Metric, c.Subject,
            FactTracker.Figures.FigureId.For(c.Story, c.Metric, c.Subject), c.Value, c.Source, c.Quote, c.QuoteStart, c.QuoteEnd, c.Rule,
            c.UpdateUrl, c.UpdateText, c.PostedBy, c.ReportedAt, c.SubmittedAt, c.Origin, Telemetry.CurrentTraceParent());
        try
        {
            // Committed with the claims consumed at the same moment.
            await commits.CommitAsync(s => s.Events.StartStream<Review>(c.ClaimId.ToString(), submitted), context.CancellationToken);
        }
        catch (Exception e) when (Conflicts.IsConcurrencyConflict(e))
        {
            // The review exists already: a redelivery, or a concurrent delivery that started it first. Starting the
            // stream is the check, so the usual case costs one round trip.
        }
    }
}
