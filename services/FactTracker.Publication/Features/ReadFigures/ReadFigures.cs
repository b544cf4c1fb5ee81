using System.Globalization;
using FactTracker.Contracts;
using FactTracker.Figures;
using FactTracker.Publication.Figures;
using FactTracker.ServiceDefaults;
using JasperFx.Events;
using Marten;

namespace FactTracker.Publication.Features.ReadFigures;

public sealed record FigureLinks(string Self, string History, string Revisions);

public sealed record SourceView(string Source, FigureValue Value, string Display, int Revision, DateTimeOffset ReportedAt);

public sealed record FigureView(
    string Id,
    string Story,
    string Metric,
    string Subject,
    int Revision,
    FigureValue? Headline,
    string? Display,
    string? HeadlineSource,
    int? HeadlineRevision,
    bool HeadlinePinned,
    bool Contested,
    IReadOnlyList<SourceView> Sources,
    DateTimeOffset? AsOf,
    DateTimeOffset? ReportedAsOf,
    FigureLinks Links)
{
    public static FigureView From(string id, string story, string metric, string subject, int revision, FigureState s,
        DateTimeOffset? asOf = null, DateTimeOffset? reportedAsOf = null) =>
        new(id, story, metric, subject, revision, s.Headline, s.Headline is null ? null : FigureValues.Describe(s.Headline),
            s.HeadlineSource, s.HeadlineRevision, s.HeadlinePinned, s.Contested,
            s.Sources.Select(x => new SourceView(x.Source, x.Value, FigureValues.Describe(x.Value), x.Revision, x.ReportedAt)).ToList(),
            asOf, reportedAsOf,
            new FigureLinks($"/v1/figures/{id}", $"/v1/figures/{id}/history", $"/v1/figures/{id}/revisions?after={revision}"));

    public static FigureView From(PublishedFigure f) => From(f.Id, f.Story, f.Metric, f.Subject, f.Revision, f.State);
}

public sealed record RevisionView(
    int Revision,
    string Change,
    int? TargetRevision,
    FigureValue? Value,
    string? Display,
    FigureValue? PreviousHeadline,
    FigureValue? Headline,
    bool Contested,
    string Source,
    string? Quote,
    string? UpdateUrl,
    Guid? ClaimId,
    Guid? UpdateId,
    IReadOnlyList<string> VerifiedBy,
    string? Reason,
    DateTimeOffset? ReportedAt,
    DateTimeOffset RecordedAt,
    DateTimeOffset PublishedAt,
    /// <summary>Set when a later revision corrected or retracted this one: the mistaken revision stays, marked.</summary>
    string? SupersededBy)
{
    public static RevisionView From(RevisionPublished r, string? supersededBy = null) => new(r.Revision, r.Change, r.TargetRevision,
        r.Value, r.Value is null ? null : FigureValues.Describe(r.Value), r.PreviousHeadline, r.State.Headline, r.State.Contested,
        r.Source, r.Quote, r.UpdateUrl, r.ClaimId, r.UpdateId, r.VerifiedBy, r.Reason, r.ReportedAt, r.RecordedAt, r.PublishedAt,
        supersededBy);
}

public sealed record FigureHistory(string FigureId, IReadOnlyList<RevisionView> Revisions, int Page, int PageSize, int Total);

/// <summary>Public, unauthenticated reads of what FactTracker published, all derived from Publication's event store.</summary>
public static class ReadFigures
{
    public const int MaxPageSize = 500;

    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/figures").WithTags("Figures");

        group.MapGet("", async (IQuerySession session, CancellationToken ct, string? story = null, string? metric = null) =>
            {
                var v = new Validation();
                if (story is not null && !Slug.IsValid(story)) v.Add("story", "story must be a story slug");
                if (metric is not null && !Metrics.IsKnown(metric)) v.Add("metric", $"metric must be one of {string.Join(", ", Metrics.All)}");
                if (!v.IsValid) return v.Problem();
                var query = session.Query<PublishedFigure>().AsQueryable();
                if (story is not null) query = query.Where(f => f.Story == story);
                if (metric is not null) query = query.Where(f => f.Metric == metric);
                var figures = await query.OrderBy(f => f.Id).Take(1000).ToListAsync(ct);
                return Results.Ok(figures.Select(FigureView.From).ToList());
            })
            .WithName("ListFigures")
            .Produces<IReadOnlyList<FigureView>>()
            .ProducesValidationProblem();

        group.MapGet("/{story}/{metric}/{subject}", GetFigure)
            .WithName("GetFigure")
            .WithSummary("A figure now; with asOf=T as FactTracker published it at T; with reportedAsOf=T from what sources had reported by T.")
            .Produces<FigureView>()
            .ProducesValidationProblem()
            .ProducesProblem(404);

        group.MapGet("/{story}/{metric}/{subject}/history", async (string story, string metric, string subject, IQuerySession session,
                CancellationToken ct, int page = 1, int pageSize = 100) =>
            {
                var v = new Validation();
                if (page < 1) v.Add("page", "page starts at 1");
                if (pageSize is < 1 or > MaxPageSize) v.Add("pageSize", $"pageSize must be between 1 and {MaxPageSize}");
                if (!v.IsValid) return v.Problem();
                var id = FigureId.For(story, metric, subject);
                var figure = await session.LoadAsync<PublishedFigure>(id, ct);
                if (figure is null) return NotFound(id);
                var revisions = await Revisions(session, id, (page - 1) * pageSize, pageSize, ct);
                // Marks come from later revisions: one indexed look-up for every correction of this figure.
                var corrections = await session.Events.QueryRawEventDataOnly<RevisionPublished>()
                    .Where(r => r.FigureId == id && r.TargetRevision != null && r.Change != Changes.Pinned).ToListAsync(ct);
                var marks = corrections.GroupBy(c => c.TargetRevision!.Value)
                    .ToDictionary(g => g.Key, g => $"{g.Last().Change} by revision {g.Last().Revision}");
                return Results.Ok(new FigureHistory(id,
                    revisions.Select(r => RevisionView.From(r, marks.GetValueOrDefault(r.Revision))).ToList(), page, pageSize, figure.Revision));
            })
            .WithName("GetFigureHistory")
            .WithSummary("Every revision of a figure, oldest first, with its provenance; paged.")
            .Produces<FigureHistory>()
            .ProducesValidationProblem()
            .ProducesProblem(404);

        group.MapGet("/{story}/{metric}/{subject}/revisions", async (string story, string metric, string subject, IQuerySession session,
                CancellationToken ct, int after = 0) =>
            {
                if (after < 0) return new Validation().Add("after", "after is a revision number, 0 or more").Problem();
                var id = FigureId.For(story, metric, subject);
                if (await session.LoadAsync<PublishedFigure>(id, ct) is null) return NotFound(id);
                var revisions = await Revisions(session, id, after, MaxPageSize, ct);
                return Results.Ok(revisions.Select(r => RevisionView.From(r)).ToList());
            })
            .WithName("GetRevisionsAfter")
            .WithSummary("The revisions after N (at most 500), so a subscriber that missed a webhook can catch up.")
            .Produces<IReadOnlyList<RevisionView>>()
            .ProducesProblem(404);
    }

    private static async Task<IResult> GetFigure(string story, string metric, string subject, IQuerySession session, CancellationToken ct,
        string? asOf = null, string? reportedAsOf = null)
    {
        var v = new Validation();
        var at = ParseTime(asOf, "asOf", v);
        var reportedBy = ParseTime(reportedAsOf, "reportedAsOf", v);
        if (at is not null && reportedBy is not null) v.Add("asOf", "give asOf or reportedAsOf, not both");
        if (!v.IsValid) return v.Problem();

        var id = FigureId.For(story, metric, subject);
        if (at is null && reportedBy is null)
            return await session.LoadAsync<PublishedFigure>(id, ct) is { } now ? Results.Ok(FigureView.From(now)) : NotFound(id);

        // One round trip: the figure, and the one per-revision row that answers the question.
        var batch = session.CreateBatchQuery();
        var figureRow = batch.Load<PublishedFigure>(id);
        if (at is { } t)
        {
            // The last revision published at or before T carries the state FactTracker showed then.
            // Npgsql writes a timestamptz parameter only with offset 0: "…+06:00" is the same instant in UTC.
            var utc = t.ToUniversalTime();
            var thenRow = batch.Query<PublishedRevision>()
                .Where(r => r.FigureId == id && r.PublishedAt <= utc)
                .OrderByDescending(r => r.PublishedAt).ThenByDescending(r => r.Revision).FirstOrDefault();
            await batch.Execute(ct);
            if (await figureRow is not { } figure) return NotFound(id);
            if (await thenRow is not { } then)
                return Results.Problem(statusCode: 404, title: "The figure was not published yet.",
                    detail: $"FactTracker first published {id} after {t:O}.");
            return Results.Ok(FigureView.From(id, figure.Story, figure.Metric, figure.Subject, then.Revision, then.State, asOf: t));
        }
        else
        {
            // The latest report made by T carries the answer (see ReportedRevision): the figure folded from every report
            // made by then, with the corrections, retractions and pin known now, and the newest of those reports.
            var rt = reportedBy!.Value;
            var utc = rt.ToUniversalTime();
            var latestRow = batch.Query<ReportedRevision>()
                .Where(r => r.FigureId == id && r.Reported && r.ReportedAt <= utc)
                .OrderByDescending(r => r.ReportedAt).ThenByDescending(r => r.Revision).FirstOrDefault();
            await batch.Execute(ct);
            if (await figureRow is not { } figure) return NotFound(id);
            if (await latestRow is not { StateByThen: { } state } latest)
                return Results.Problem(statusCode: 404, title: "No source had reported this figure yet.",
                    detail: $"No published revision of {id} was reported at or before {rt:O}.");
            return Results.Ok(FigureView.From(id, figure.Story, figure.Metric, figure.Subject, latest.RevisionByThen, state, reportedAsOf: rt));
        }
    }

    private static async Task<IReadOnlyList<RevisionPublished>> Revisions(IQuerySession session, string id, int skip, int take, CancellationToken ct)
    {
        var events = await session.Events.QueryAllRawEvents()
            .Where(e => e.StreamKey == id && e.Version > skip)
            .OrderBy(e => e.Version)
            .Take(take)
            .ToListAsync(ct);
        return events.Select(e => e.Data).OfType<RevisionPublished>().ToList();
    }

    internal static DateTimeOffset? ParseTime(string? value, string field, Validation v)
    {
        if (value is null) return null;
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)) return t;
        v.Add(field, $"{field} must be an ISO 8601 time, e.g. 2022-01-06T12:00:00+06:00");
        return null;
    }

    internal static IResult NotFound(string id) =>
        Results.Problem(statusCode: 404, title: "No such figure.", detail: $"FactTracker has published no figure {id}.");
}
