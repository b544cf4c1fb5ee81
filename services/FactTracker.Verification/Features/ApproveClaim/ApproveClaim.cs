using System.Security.Claims;
using System.Text.Json;
using FactTracker.Contracts;
using FactTracker.Figures;
using FactTracker.ServiceDefaults;
using FactTracker.Verification.Figures;
using FactTracker.Verification.Reviews;
using Marten;

namespace FactTracker.Verification.Features.ApproveClaim;

/// <param name="Value">A corrected value, when the claim's own value is wrong; a number or {kind, low, high, words}.</param>
/// <param name="Subject">A corrected subject (who was counted), when the claim's is wrong.</param>
/// <param name="Reason">Why; required when the approval would lower the figure's headline or correct it by more than half.</param>
public sealed record ApproveClaimRequest(string? Note, string? Reason, JsonElement? Value, string? Subject = null);

/// <param name="Status">approved, or held when a rule needs a second verifier first.</param>
public sealed record ClaimApprovedResponse(Guid ClaimId, string FigureId, string Status, int? Revision, string? Rule, string? Message);

public static class ApproveClaim
{
    public const int MaxNoteLength = 2_000;
    private const int MaxAttempts = 8;

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/v1/claims/{id:guid}/approve", (Guid id, ApproveClaimRequest request, ClaimsPrincipal user, IDocumentStore store,
                GroupCommits commits, TimeProvider clock, ILogger<ApproveClaimRequest> logger, CancellationToken ct) =>
                ApproveAsync(id, request, user, store, commits, clock, logger, ct))
            .WithName("ApproveClaim")
            .WithTags("Review")
            .RequireAuthorization(Policies.Verifier)
            .WithSummary("Approve a claim as the caller: the figure gains a revision, or the approval is held until a second verifier confirms it.")
            .Produces<ClaimApprovedResponse>()
            .Produces<ClaimApprovedResponse>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(403)
            .ProducesProblem(404)
            .ProducesProblem(409);

    public static async Task<IResult> ApproveAsync(Guid id, ApproveClaimRequest request, ClaimsPrincipal user, IDocumentStore store,
        GroupCommits commits, TimeProvider clock, ILogger logger, CancellationToken ct)
    {
        var v = new Validation()
            .MaxLength("note", request.Note, MaxNoteLength)
            .MaxLength("reason", request.Reason, MaxNoteLength);
        FigureValue? corrected = null;
        if (request.Value is { ValueKind: not JsonValueKind.Null } json)
        {
            if (FigureValueJson.TryRead(json, out var parsed) is { } problem) v.Add("value", $"value {problem}");
            else corrected = parsed;
        }
        var subject = request.Subject is null ? null : Slug.Normalize(request.Subject);
        if (request.Subject is not null && subject is null) v.Add("subject", "subject must be a slug, e.g. people or security-forces");
        if (!v.IsValid) return v.Problem();
        var verifier = user.Name();

        // Two verifiers approving claims of one figure at once: the loser of the optimistic check
        // reloads and appends after the winner, so both land in order with no gap.
        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession();
            var review = await session.Events.FetchForWriting<Review>(id.ToString(), ct);
            if (review.Aggregate is not { } item) return ReviewClaim.ReviewClaim.NotFound(id);
            var now = clock.GetUtcNow();
            var may = ReviewDecisions.MayApprove(item, verifier, user.PrincipalId(), now);
            if (may.Outcome != ReviewOutcome.Applied) return ReviewClaim.ReviewClaim.Refusal(item, may);

            var approvedSubject = subject ?? item.Subject;
            var figureId = FigureId.For(item.Story, item.Metric, approvedSubject);
            var stream = await session.Events.FetchForWriting<Figure>(figureId, ct);
            var previous = stream.Aggregate;
            var decision = FigureDecisions.Decide(previous, new ApproveClaimRevision(figureId, item.Story, item.Metric,
                approvedSubject, item.ClaimId, item.UpdateId, item.Value, corrected ?? item.Value, item.Source, item.Quote, item.UpdateUrl,
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

            // Decided on what was read; appended in a group commit that checks both streams are still as read.
            object reviewEvent;
            var messages = new List<(object Message, string? TraceParent)>();
            RevisionApproved? revision = null;
            if (decision.Outcome == Outcome.Held)
                reviewEvent = new ReviewApprovalHeld(verifier, corrected ?? item.Value, approvedSubject, decision.Rule!, decision.Message!, request.Reason, now);
            else
            {
                revision = decision.Events.OfType<RevisionApproved>().Single();
                reviewEvent = new ReviewApproved(revision.Verifiers, item.Value, revision.Value, item.Subject, approvedSubject, figureId,
                    revision.Revision, revision.Reason, request.Note, now);
                messages.Add((new FigureRevised(figureId, item.Story, item.Metric, approvedSubject, revision.Revision,
                    previous?.Revision ?? 0, revision.Value, previous?.State.Headline, revision.Source, item.ClaimId, item.UpdateId,
                    item.Quote, item.UpdateUrl, revision.Verifiers, revision.Reason, item.ReportedAt, now, revision.State), item.TraceParent));
                if ((previous?.State.Contested ?? false) != revision.State.Contested)
                    messages.Add((new FigureContested(figureId, item.Story, item.Metric, approvedSubject,
                        revision.Revision, revision.State.Contested, now, revision.State), item.TraceParent));
            }
            var reviewVersion = review.CurrentVersion ?? 0;
            var figureVersion = stream.CurrentVersion;
            var figureEvents = decision.Events.ToArray();

            try
            {
                await commits.CommitAsync(s =>
                {
                    // Marten's expected version is the stream's version once these events are in.
                    s.Events.Append(id.ToString(), reviewVersion + 1, reviewEvent);
                    if (figureVersion is { } version) s.Events.Append(figureId, version + figureEvents.Length, figureEvents);
                    else s.Events.StartStream<Figure>(figureId, figureEvents);
                    foreach (var (message, traceParent) in messages) s.PublishAfterCommit(message, traceParent);
                }, ct);
            }
            catch (Exception e) when (Conflicts.IsConcurrencyConflict(e) && attempt < MaxAttempts)
            {
                logger.LogInformation("Figure {FigureId} or claim {ClaimId} changed meanwhile; retrying (attempt {Attempt})", figureId, id, attempt);
                await Task.Delay(Random.Shared.Next(5, 20 * attempt), ct);
                continue;
            }

            return revision is null
                ? Results.Accepted($"/v1/figures/{figureId}", new ClaimApprovedResponse(id, figureId, ReviewStatus.Held, null, decision.Rule, decision.Message))
                : Results.Ok(new ClaimApprovedResponse(id, figureId, ReviewStatus.Approved, revision.Revision, null, null));
        }
    }
}
