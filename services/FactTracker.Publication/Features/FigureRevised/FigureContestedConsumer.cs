using System.Text.Json;
using FactTracker.Publication.Subscriptions;
using Marten;
using MassTransit;

namespace FactTracker.Publication.Features.FigureRevised;

/// <summary>Tells subscribers when a figure's sources start or stop contradicting each other. Safe to run twice.</summary>
public sealed class FigureContestedConsumer(IDocumentStore store, TimeProvider clock) : IConsumer<Contracts.FigureContested>
{
    // 20 sources of at most 200-character names and words stay well under the 20 kB body limit.
    private const int MaxSources = 20;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task Consume(ConsumeContext<Contracts.FigureContested> context)
    {
        var m = context.Message;
        await using var session = store.LightweightSession();
        var owed = await session.Query<Delivery>().AnyAsync(d => d.FigureId == m.FigureId && d.Revision == m.Revision
            && d.EventType == RevisionRecorder.ContestedType, context.CancellationToken);
        if (owed) return;
        var now = clock.GetUtcNow();
        await Fanout.OweAsync(session, WebhookEvent.ForFigure(RevisionRecorder.ContestedType, m.FigureId, m.Revision, Payload(m, now)),
            now, context.CancellationToken);
        await session.SaveChangesAsync(context.CancellationToken);
    }

    internal static string Payload(Contracts.FigureContested m, DateTimeOffset now)
    {
        var cut = m.State.Sources.Count > MaxSources;
        var sources = m.State.Sources.Take(MaxSources)
            .Select(s => s with { Source = Fanout.Cut(s.Source, 200, ref cut)!, Value = s.Value with { Words = Fanout.Cut(s.Value.Words, 200, ref cut) } })
            .ToList();
        return JsonSerializer.Serialize(new
        {
            type = RevisionRecorder.ContestedType,
            timestamp = now,
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
                sources,
                recordedAt = m.RecordedAt,
                truncated = cut,
            },
        }, Json);
    }
}
