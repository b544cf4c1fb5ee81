using FactTracker.Publication.Figures;
using FactTracker.ServiceDefaults;
using Marten;
using MassTransit;

namespace FactTracker.Publication.Features.FigureRevised;

public sealed class FigureRevisedConsumer(IDocumentStore store, GroupCommits commits, RevisionTurns turns, TimeProvider clock, ILogger<FigureRevisedConsumer> logger)
    : IConsumer<Contracts.FigureRevised>
{
    public Task Consume(ConsumeContext<Contracts.FigureRevised> context) =>
        RevisionRecorder.RecordAsync(store, commits, turns, RevisionPublished.From(context.Message, clock.GetUtcNow()),
            RevisionRecorder.Revised, logger, context.CancellationToken);
}

public sealed class FigureCorrectedConsumer(IDocumentStore store, GroupCommits commits, RevisionTurns turns, TimeProvider clock, ILogger<FigureCorrectedConsumer> logger)
    : IConsumer<Contracts.FigureCorrected>
{
    public Task Consume(ConsumeContext<Contracts.FigureCorrected> context) =>
        RevisionRecorder.RecordAsync(store, commits, turns, RevisionPublished.From(context.Message, clock.GetUtcNow()),
            RevisionRecorder.CorrectedType, logger, context.CancellationToken);
}
