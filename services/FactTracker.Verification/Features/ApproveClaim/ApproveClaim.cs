using FactTracker.Contracts;
using FactTracker.ServiceDefaults;
using FactTracker.Verification.Figures;
using FactTracker.Verification.Reviews;
using JasperFx;
using Marten;

namespace FactTracker.Verification.Features.ApproveClaim;

public sealed record ApproveClaimRequest(string? Verifier, string? Note);

public sealed record ClaimApprovedResponse(Guid ClaimId, string FigureId, int Revision);

public static class ApproveClaim
{
    public const int MaxVerifierLength = 100;
    public const int MaxNoteLength = 2_000;
    private const int MaxAttempts = 8;

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/v1/claims/{id:guid}/approve", Handle)
            .WithName("ApproveClaim")
            .WithTags("Review")
            .WithSummary("Approve a claim: the figure gains a revision and subscribers are notified.")
            .Produces<ClaimApprovedResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(404)
            .ProducesProblem(409);

    private static async Task<IResult> Handle(Guid id, ApproveClaimRequest request, IDocumentStore store, TimeProvider clock,
        ILogger<ApproveClaimRequest> logger, CancellationToken ct)
    {
        var v = new Validation()
            .Require("verifier", request.Verifier, MaxVerifierLength)
            .MaxLength("note", request.Note, MaxNoteLength);
        if (!v.IsValid) return v.Problem();

        // Two verifiers approving claims of one figure at once: the loser of the optimistic check
        // reloads and appends after the winner, so both land in order with no gap.
        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession();
            var item = await session.LoadAsync<ReviewItem>(id, ct);
            if (item is null) return Results.Problem(statusCode: 404, title: "No such claim.", detail: $"No claim in review has id {id}.");
            if (item.Status != ReviewStatus.Pending)
                return Results.Problem(statusCode: 409, title: $"The claim is already {item.Status}.",
                    detail: $"Claim {id} was {item.Status} by {item.DecidedBy} at {item.DecidedAt:O}.");

            var now = clock.GetUtcNow();
            var stream = await session.Events.FetchForWriting<Figure>(item.FigureId, ct);
            var previous = stream.Aggregate;
            var events = FigureDecisions.Decide(previous, new ApproveRevision(item.FigureId, item.Story, item.Metric, item.Subject,
                item.Value, item.Source, item.Id, item.UpdateId, item.Quote, item.UpdateUrl, request.Verifier!.Trim(), request.Note,
                item.ReportedAt, now));
            stream.AppendMany(events);
            var revision = events.OfType<RevisionApproved>().Single();

            item.Status = ReviewStatus.Approved;
            item.DecidedBy = revision.VerifiedBy;
            item.DecidedAt = now;
            item.Note = request.Note;
            item.Revision = revision.Revision;
            session.Store(item);
            session.PublishAfterCommit(new FigureRevised(item.FigureId, item.Story, item.Metric, item.Subject,
                revision.Revision, previous?.Revision ?? 0, revision.Value, previous?.Headline, revision.Source, item.Id,
                item.UpdateId, item.Quote, item.UpdateUrl, revision.VerifiedBy, item.ReportedAt, now), item.TraceParent);

            try
            {
                await session.SaveChangesAsync(ct);
                return Results.Ok(new ClaimApprovedResponse(id, item.FigureId, revision.Revision));
            }
            catch (Exception e) when (Conflicts.IsConcurrencyConflict(e) && attempt < MaxAttempts)
            {
                logger.LogInformation("Figure {FigureId} or claim {ClaimId} changed meanwhile; retrying (attempt {Attempt})", item.FigureId, id, attempt);
                await Task.Delay(Random.Shared.Next(5, 20 * attempt), ct);
            }
        }
    }
}
