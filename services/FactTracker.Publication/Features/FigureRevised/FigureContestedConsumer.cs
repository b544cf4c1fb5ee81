using System.Text.Json;
using FactTracker.Publication.Subscriptions;
using Marten;
using MassTransit;

namespace FactTracker.Publication.Features.FigureRevised;

/// <summary>Tells subscribers when a figure's sources start or stop contradicting each other. Safe to run twice.</summary>
public sealed class FigureContestedConsumer(IDocumentStore store, TimeProvider clock) : IConsumer<Contracts.FigureContested>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task Consume(ConsumeContext<Contracts.FigureContested> context)
    {
        var m = context.Message;
        await using var session = store.LightweightSession();
        var owed = await session.Query<Delivery>().AnyAsync(d => d.FigureId == m.FigureId && d.Revision == m.Revision
            && d.EventType == RevisionRecorder.ContestedType, context.CancellationToken);
        if (owed) return;
        var payload = JsonSerializer.Serialize(new
        {
            type = RevisionRecorder.ContestedType,
            timestamp = clock.GetUtcNow(),
            data = new
            {
                figureId = m.FigureId,
                link = $"/v1/figures/{m.FigureId}",
                story = m.Story,
                metric = m.Metric,
                subject = m.Subject,
                revision = m.Revision,
                contested = m.Contested,
                headline = m.State.Headline,
                sources = m.State.Sources,
                recordedAt = m.RecordedAt,
            },
        }, Json);
        await RevisionRecorder.OweDeliveriesAsync(session, m.FigureId, m.Revision, RevisionRecorder.ContestedType, payload, context.CancellationToken);
        await session.SaveChangesAsync(context.CancellationToken);
    }
}
