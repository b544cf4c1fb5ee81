using System.Text.Json;
using FactTracker.Contracts;
using FactTracker.Figures;
using FactTracker.ServiceDefaults;
using FactTracker.Verification.Figures;
using FactTracker.Verification.Reviews;
using Marten;

namespace FactTracker.Verification.Features.ApproveClaim;

/// <param name="Value">A corrected value, when the claim's own value is wrong; a number or {kind, low, high, words}.</param>
/// <param name="Reason">Why; required when the approval would lower the figure's headline.</param>
public sealed record ApproveClaimRequest(string? Verifier, string? Note, string? Reason, JsonElement? Value);

/// <param name="Status">approved, or held when a rule needs a second verifier first.</param>
public sealed record ClaimApprovedResponse(Guid ClaimId, string FigureId, string Status, int? Revision, string? Rule, string? Message);

public static class ApproveClaim
{
    public const int MaxVerifierLength = 100;
    public const int MaxNoteLength = 2_000;
    private const int MaxAttempts = 8;

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/v1/claims/{id:guid}/approve", Handle)
            .WithName("ApproveClaim")
            .WithTags("Review")
            .RequireAuthorization(Policies.Verifier)
            .WithSummary("Approve a claim: the figure gains a revision, or the approval is held until a second verifier confirms it.")
            .Produces<ClaimApprovedResponse>()
            .Produces<ClaimApprovedResponse>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(403)
            .ProducesProblem(404)
            .ProducesProblem(409);

    private static async Task<IResult> Handle(Guid id, ApproveClaimRequest request, IDocumentStore store, TimeProvider clock,
        ILogger<ApproveClaimRequest> logger, CancellationToken ct)
    {
        var v = new Validation()
            .Require("verifier", request.Verifier, MaxVerifierLength)
            .MaxLength("note", request.Note, MaxNoteLength)
            .MaxLength("reason", request.Reason, MaxNoteLength);
        FigureValue? corrected = null;
        if (request.Value is { ValueKind: not JsonValueKind.Null } json)
        {
            if (FigureValueJson.TryRead(json, out var parsed) is { } problem) v.Add("value", $"value {problem}");
            else corrected = parsed;
        }
        if (!v.IsValid) return v.Problem();
        var verifier = request.Verifier!.Trim();

        // Two verifiers approving claims of one figure at once: the loser of the optimistic check
        // reloads and appends after the winner, so both land in order with no gap.
        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession();
            var item = await session.LoadAsync<ReviewItem>(id, ct);
            if (item is null) return Results.Problem(statusCode: 404, title: "No such claim.", detail: $"No claim in review has id {id}.");
            if (item.Status is not (ReviewStatus.Pending or ReviewStatus.Held))
                return Results.Problem(statusCode: 409, title: $"The claim is already {item.Status}.",
                    detail: $"Claim {id} was {item.Status} by {item.DecidedBy} at {item.DecidedAt:O}.");

            var now = clock.GetUtcNow();
            var stream = await session.Events.FetchForWriting<Figure>(item.FigureId, ct);
            var previous = stream.Aggregate;
            var decision = FigureDecisions.Decide(previous, new ApproveClaimRevision(item.FigureId, item.Story, item.Metric,
                item.Subject, item.Id, item.UpdateId, item.Value, corrected ?? item.Value, item.Source, item.Quote, item.UpdateUrl,
                item.ReportedAt, verifier, request.Reason, request.Note, now));

            switch (decision.Outcome)
            {
                case Outcome.ReasonRequired:
                    return Results.ValidationProblem(new Dictionary<string, string[]> { ["reason"] = [decision.Message!] },
                        statusCode: StatusCodes.Status422UnprocessableEntity, title: "This approval needs a reason.",
                        extensions: new Dictionary<string, object?> { ["rule"] = decision.Rule });
                case Outcome.SameVerifier:
                    return Results.Problem(statusCode: 403, title: "A second, different verifier must approve this.",
                        detail: decision.Message, extensions: new Dictionary<string, object?> { ["rule"] = decision.Rule });
            }

            stream.AppendMany(decision.Events);
            if (decision.Outcome == Outcome.Held)
            {
                item.Status = ReviewStatus.Held;
                item.HeldBy = verifier;
                item.HeldRule = decision.Rule;
                item.HeldExplanation = decision.Message;
            }
            else
            {
                var revision = decision.Events.OfType<RevisionApproved>().Single();
                item.Status = ReviewStatus.Approved;
                item.DecidedBy = string.Join(", ", revision.Verifiers);
                item.DecidedAt = now;
                item.Note = request.Note;
                item.Revision = revision.Revision;
                item.ApprovedValue = corrected;
                var message = new FigureRevised(item.FigureId, item.Story, item.Metric, item.Subject, revision.Revision,
                    previous?.Revision ?? 0, revision.Value, previous?.State.Headline, revision.Source, item.Id, item.UpdateId,
                    item.Quote, item.UpdateUrl, revision.Verifiers, revision.Reason, item.ReportedAt, now, revision.State);
                session.PublishAfterCommit(message, item.TraceParent);
                if ((previous?.State.Contested ?? false) != revision.State.Contested)
                    session.PublishAfterCommit(new FigureContested(item.FigureId, item.Story, item.Metric, item.Subject,
                        revision.Revision, revision.State.Contested, now, revision.State), item.TraceParent);
            }
            session.Store(item);

            try
            {
                await session.SaveChangesAsync(ct);
            }
            catch (Exception e) when (Conflicts.IsConcurrencyConflict(e) && attempt < MaxAttempts)
            {
                logger.LogInformation("Figure {FigureId} or claim {ClaimId} changed meanwhile; retrying (attempt {Attempt})", item.FigureId, id, attempt);
                await Task.Delay(Random.Shared.Next(5, 20 * attempt), ct);
                continue;
            }

            return decision.Outcome == Outcome.Held
                ? Results.Accepted($"/v1/figures/{item.FigureId}", new ClaimApprovedResponse(id, item.FigureId, item.Status, null, decision.Rule, decision.Message))
                : Results.Ok(new ClaimApprovedResponse(id, item.FigureId, item.Status, item.Revision, null, null));
        }
    }
}
