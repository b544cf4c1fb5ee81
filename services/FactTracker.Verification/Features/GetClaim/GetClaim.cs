using FactTracker.Contracts;
using FactTracker.Figures;
using FactTracker.ServiceDefaults;
using FactTracker.Verification.Figures;
using FactTracker.Verification.Reviews;
using Marten;

namespace FactTracker.Verification.Features.GetClaim;

/// <param name="Current">The figure as it stands (null before its first approval).</param>
/// <param name="IfApproved">The figure's state if this claim were approved as claimed.</param>
public sealed record ClaimView(Review Claim, string? UpdateText, int? QuoteStart, int? QuoteEnd, FigureState? Current, int Revision,
    FigureState IfApproved, IReadOnlyList<HeldChange> Held);

public sealed record ReviewEventView(long Version, string Type, DateTimeOffset Timestamp, object Data);

public static class GetClaim
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/claims/{id:guid}", async (Guid id, IQuerySession session, CancellationToken ct) =>
            {
                if (await session.LoadAsync<Review>(id.ToString(), ct) is not { } claim) return ReviewClaim.ReviewClaim.NotFound(id);
                return Results.Ok(await ViewAsync(claim, session, ct));
            })
            .WithName("GetReviewClaim").WithTags("Review").RequireAuthorization(Policies.ReviewReader)
            .WithSummary("The claim, the update's text with the quote's offsets, the figure now and what approving would make it.")
            .Produces<ClaimView>().ProducesProblem(404);

        app.MapGet("/v1/claims/{id:guid}/audit", async (Guid id, IQuerySession session, CancellationToken ct) =>
            {
                var events = await session.Events.FetchStreamAsync(id.ToString(), token: ct);
                return events.Count == 0
                    ? ReviewClaim.ReviewClaim.NotFound(id)
                    : Results.Ok(events.Select(e => new ReviewEventView(e.Version, e.EventTypeName, e.Timestamp, e.Data)).ToList());
            })
            .WithName("GetClaimAudit").WithTags("Review").RequireAuthorization(Policies.ReviewReader)
            .WithSummary("Every step of the claim's review, in order: who, when, why.")
            .Produces<IReadOnlyList<ReviewEventView>>().ProducesProblem(404);
    }

    public static async Task<ClaimView> ViewAsync(Review claim, IQuerySession session, CancellationToken ct)
    {
        var figure = await session.LoadAsync<Figure>(claim.FigureId, ct);
        var state = figure?.State ?? FigureLedger.Empty;
        var ifApproved = FigureValues.TryNormalize(claim.Value, out var value) is null
            ? FigureLedger.Approve(state, new SourceValue(claim.Source, value, (figure?.Revision ?? 0) + 1, claim.ReportedAt))
            : state;
        return new ClaimView(claim, claim.UpdateText, claim.QuoteStart, claim.QuoteEnd, figure?.State, figure?.Revision ?? 0, ifApproved,
            figure?.Held ?? []);
    }
}
