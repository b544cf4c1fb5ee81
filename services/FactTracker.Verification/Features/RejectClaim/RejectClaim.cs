using System.Security.Claims;
using FactTracker.Contracts;
using FactTracker.ServiceDefaults;
using FactTracker.Verification.Figures;
using FactTracker.Verification.Reviews;
using Marten;

namespace FactTracker.Verification.Features.RejectClaim;

public sealed record RejectClaimRequest(string? Reason, string? Note);

public sealed record ClaimRejectedResponse(Guid ClaimId, string Status, string Reason);

public static class RejectClaim
{
    /// <summary>Why a claim is rejected, as verification desks record it.</summary>
    public static IReadOnlyList<string> Reasons => ReviewDecisions.RejectReasons;

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/v1/claims/{id:guid}/reject", (Guid id, RejectClaimRequest request, ClaimsPrincipal user, IDocumentStore store,
                TimeProvider clock, CancellationToken ct) => RejectAsync(id, request, user, store, clock, ct))
            .WithName("RejectClaim")
            .WithTags("Review")
            .RequireAuthorization(Policies.Verifier)
            .WithSummary("Reject a claim with a reason; no figure changes.")
            .Produces<ClaimRejectedResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(404)
            .ProducesProblem(409);

    public static async Task<IResult> RejectAsync(Guid id, RejectClaimRequest request, ClaimsPrincipal user, IDocumentStore store,
        TimeProvider clock, CancellationToken ct)
    {
        var v = new Validation().MaxLength("note", request.Note, ApproveClaim.ApproveClaim.MaxNoteLength);
        if (request.Reason is null || !Reasons.Contains(request.Reason))
            v.Add("reason", $"reason must be one of {string.Join(", ", Reasons)}");
        else if (request.Reason == "other" && string.IsNullOrWhiteSpace(request.Note))
            v.Add("note", "a note is required when the reason is other");
        if (!v.IsValid) return v.Problem();
        var verifier = user.Name();

        await using var session = store.LightweightSession();
        var stream = await session.Events.FetchForWriting<Review>(id.ToString(), ct);
        if (stream.Aggregate is not { } review) return ReviewClaim.ReviewClaim.NotFound(id);
        var now = clock.GetUtcNow();
        var decision = ReviewDecisions.Reject(review, verifier, request.Reason, request.Note, now);
        if (decision.Outcome != ReviewOutcome.Applied) return ReviewClaim.ReviewClaim.Refusal(review, decision);
        stream.AppendMany(decision.Events);

        if (review.Status == ReviewStatus.Held)
            // The approval held for a second verifier can no longer apply.
            session.Events.Append(review.HeldFigureId ?? review.FigureId, new HeldChangeWithdrawn(ChangeKeys.ApproveClaim(review.ClaimId), verifier,
                $"claim rejected: {request.Reason}", now));
        session.PublishAfterCommit(new Contracts.ClaimRejected(review.ClaimId, review.UpdateId, review.Story, request.Reason!, request.Note, verifier, now),
            review.TraceParent);
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (Exception e) when (Conflicts.IsConcurrencyConflict(e))
        {
            return ReviewClaim.ReviewClaim.ChangedMeanwhile(id);
        }
        return Results.Ok(new ClaimRejectedResponse(id, ReviewStatus.Rejected, request.Reason!));
    }
}
