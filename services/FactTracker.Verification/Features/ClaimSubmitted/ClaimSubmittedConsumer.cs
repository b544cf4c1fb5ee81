using FactTracker.ServiceDefaults;
using FactTracker.Verification.Reviews;
using JasperFx;
using Marten;
using MassTransit;

namespace FactTracker.Verification.Features.ClaimSubmitted;

/// <summary>Puts a submitted claim in the review queue. Safe to run twice.</summary>
public sealed class ClaimSubmittedConsumer(IDocumentStore store) : IConsumer<Contracts.ClaimSubmitted>
{
    public async Task Consume(ConsumeContext<Contracts.ClaimSubmitted> context)
    {
        var c = context.Message;
        await using var session = store.LightweightSession();
        if (await session.LoadAsync<ReviewItem>(c.ClaimId, context.CancellationToken) is not null) return;
        session.Insert(new ReviewItem
        {
            Id = c.ClaimId,
            UpdateId = c.UpdateId,
            Story = c.Story,
            Metric = c.Metric,
            Subject = c.Subject,
            FigureId = FactTracker.Figures.FigureId.For(c.Story, c.Metric, c.Subject),
            Value = c.Value,
            Source = c.Source,
            Quote = c.Quote,
            QuoteStart = c.QuoteStart,
            QuoteEnd = c.QuoteEnd,
            Rule = c.Rule,
            UpdateUrl = c.UpdateUrl,
            ReportedAt = c.ReportedAt,
            SubmittedAt = c.SubmittedAt,
            Origin = c.Origin,
            TraceParent = Telemetry.CurrentTraceParent(),
        });
        try
        {
            await session.SaveChangesAsync(context.CancellationToken);
        }
        catch (DocumentAlreadyExistsException)
        {
            // A concurrent delivery queued it first.
        }
    }
}
