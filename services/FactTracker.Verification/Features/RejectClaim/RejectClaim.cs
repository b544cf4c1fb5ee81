using FactTracker.Contracts;
using FactTracker.ServiceDefaults;
using FactTracker.Verification.Figures;
using FactTracker.Verification.Reviews;
using JasperFx;
using Marten;

namespace FactTracker.Verification.Features.RejectClaim;

public sealed record RejectClaimRequest(string? Verifier, string? Reason, string? Note);

public sealed record ClaimRejectedResponse(Guid ClaimId, string Status, string Reason);

public static class RejectClaim
{
    /// <summary>Why a claim is rejected, as verification desks record it.</summary>
    public static readonly IReadOnlyList<string> Reasons = ["wrong_figure", "misattributed", "duplicate", "not_a_claim", "other"];

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/v1/claims/{id:guid}/reject", Handle)
            .WithName("RejectClaim")
            .WithTags("Review")
            .RequireAuthorization(Policies.Verifier)
            .WithSummary("Reject a claim with a reason; no figure changes.")
            .Produces<ClaimRejectedResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(404)
            .ProducesProblem(409);

    private static async Task<IResult> Handle(Guid id, RejectClaimRequest request, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var v = new Validation()
            .Require("verifier", request.Verifier, ApproveClaim.ApproveClaim.MaxVerifierLength)
            .MaxLength("note", request.Note, ApproveClaim.ApproveClaim.MaxNoteLength);
        if (request.Reason is null || !Reasons.Contains(request.Reason))
            v.Add("reason", $"reason must be one of {string.Join(", ", Reasons)}");
        else if (request.Reason == "other" && string.IsNullOrWhiteSpace(request.Note))
            v.Add("note", "a note is required when the reason is other");
        if (!v.IsValid) return v.Problem();

        var item = await session.LoadAsync<ReviewItem>(id, ct);
        if (item is null) return Results.Problem(statusCode: 404, title: "No such claim.", detail: $"No claim in review has id {id}.");
        if (item.Status is not (ReviewStatus.Pending or ReviewStatus.Held))
            return Results.Problem(statusCode: 409, title: $"The claim is already {item.Status}.",
                detail: $"Claim {id} was {item.Status} by {item.DecidedBy} at {item.DecidedAt:O}.");

        var now = clock.GetUtcNow();
        if (item.Status == ReviewStatus.Held)
            // The approval held for a second verifier can no longer apply.
            session.Events.Append(item.FigureId, new HeldChangeWithdrawn(ChangeKeys.ApproveClaim(item.Id), request.Verifier!.Trim(),
                $"claim rejected: {request.Reason}", now));
        item.Status = ReviewStatus.Rejected;
        item.DecidedBy = request.Verifier!.Trim();
        item.DecidedAt = now;
        item.Reason = request.Reason;
        item.Note = request.Note;
        session.Store(item);
        session.PublishAfterCommit(new ClaimRejected(item.Id, item.UpdateId, item.Story, item.Reason!, item.Note, item.DecidedBy, now), item.TraceParent);
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (Exception e) when (Conflicts.IsConcurrencyConflict(e))
        {
            return Results.Problem(statusCode: 409, title: "The claim was decided meanwhile.", detail: $"Claim {id} changed while it was being rejected; reload it.");
        }
        return Results.Ok(new ClaimRejectedResponse(id, item.Status, item.Reason!));
    }
}
