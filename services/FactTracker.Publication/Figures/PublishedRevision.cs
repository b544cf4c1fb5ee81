using FactTracker.Contracts;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace FactTracker.Publication.Figures;

/// <summary>
/// A figure as FactTracker published it at one revision, looked up by (figure, publication time) for "asOf": one indexed
/// look-up instead of walking the stream back to T. Derived by <see cref="PublishedRevisionProjection"/> in the same
/// transaction as the event, never written by hand.
/// </summary>
/// <param name="PublishedAt">The time Marten stamped on the revision's event: when the transaction that published it ran.</param>
public sealed record PublishedRevision(string Id, string FigureId, int Revision, DateTimeOffset PublishedAt, FigureState State);

public sealed partial class PublishedRevisionProjection : EventProjection
{
    public void Project(IEvent<RevisionPublished> e, IDocumentOperations ops) =>
        ops.Store(new PublishedRevision(ReportedRevision.IdOf(e.Data.FigureId, e.Data.Revision), e.Data.FigureId, e.Data.Revision,
            // PostgreSQL keeps the event's time to the microsecond (dropping the rest); so does this row, or a T equal to that
            // time could fall a fraction of a microsecond before the revision it names.
            e.Timestamp.AddTicks(-(e.Timestamp.Ticks % 10)), e.Data.State));
}
