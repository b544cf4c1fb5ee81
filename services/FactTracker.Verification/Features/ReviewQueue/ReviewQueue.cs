using FactTracker.Figures;
using FactTracker.ServiceDefaults;
using FactTracker.Verification.Reviews;
using Marten;
using Marten.Pagination;

namespace FactTracker.Verification.Features.ReviewQueue;

public sealed record ReviewQueuePage(IReadOnlyList<Review> Items, int Page, int PageSize, long Total);

public static class ReviewQueue
{
    public const int MaxPageSize = 200;
    /// <summary>assignee=none: claims no one holds now.</summary>
    public const string Unassigned = "none";

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/v1/review-queue", Handle)
            .WithName("GetReviewQueue")
            .WithTags("Review")
            .RequireAuthorization(Policies.ReviewReader)
            .WithSummary("Claims to review, oldest first; filter by story, metric, status, assignee (a name, or none) and disputed.")
            .Produces<ReviewQueuePage>()
            .ProducesValidationProblem();

    private static async Task<IResult> Handle(IQuerySession session, TimeProvider clock, CancellationToken ct,
        string? story = null, string? metric = null, string? status = null, string? assignee = null, bool? disputed = null,
        int page = 1, int pageSize = 50)
    {
        status ??= ReviewStatus.Pending;
        var v = new Validation();
        if (story is not null && !Slug.IsValid(story)) v.Add("story", "story must be a story slug");
        if (metric is not null && !Metrics.IsKnown(metric)) v.Add("metric", $"metric must be one of {string.Join(", ", Metrics.All)}");
        if (!ReviewStatus.All.Contains(status)) v.Add("status", $"status must be one of {string.Join(", ", ReviewStatus.All)}");
        v.MaxLength("assignee", assignee, 100);
        if (page < 1) v.Add("page", "page starts at 1");
        if (pageSize is < 1 or > MaxPageSize) v.Add("pageSize", $"pageSize must be between 1 and {MaxPageSize}");
        if (!v.IsValid) return v.Problem();
        return Results.Ok(await FindAsync(session, clock.GetUtcNow(), status, story, metric, assignee, disputed, page, pageSize, ct));
    }

    /// <summary>One page of the queue, oldest first (the API and the verifier console read it alike); filters already validated.</summary>
    public static async Task<ReviewQueuePage> FindAsync(IQuerySession session, DateTimeOffset now, string status, string? story, string? metric,
        string? assignee, bool? disputed, int page, int pageSize, CancellationToken ct)
    {
        IQueryable<Review> Query()
        {
            var query = session.Query<Review>().Where(r => r.Status == status);
            if (story is not null) query = query.Where(r => r.Story == story);
            if (metric is not null) query = query.Where(r => r.Metric == metric);
            if (disputed is { } d) query = query.Where(r => r.Disputed == d);
            if (assignee == Unassigned) query = query.Where(r => r.AssignedTo == null || r.AssignedUntil <= now);
            else if (assignee is not null) query = query.Where(r => r.AssignedTo == assignee && r.AssignedUntil > now);
            return query;
        }
        var items = await Query().OrderBy(r => r.SubmittedAt).ThenBy(r => r.Id).ToPagedListAsync(page, pageSize, ct);
        // Marten reads the total from the rows of the page, so a page past the end would report 0.
        var total = items.Count == 0 && page > 1 ? await Query().LongCountAsync(ct) : items.TotalItemCount;
        return new ReviewQueuePage(items.ToList(), page, pageSize, total);
    }
}
