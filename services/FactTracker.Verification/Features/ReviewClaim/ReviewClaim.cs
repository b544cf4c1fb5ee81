using System.Security.Claims;
using FactTracker.ServiceDefaults;
using FactTracker.Verification.Reviews;
using Marten;

namespace FactTracker.Verification.Features.ReviewClaim;

public sealed record NoteRequest(string? Text);

public sealed record ReopenRequest(string? Reason);

public sealed record ReviewStepResponse(Guid ClaimId, string Status, bool Disputed, string? AssignedTo, DateTimeOffset? AssignedUntil, int Notes);

/// <summary>The steps of a review that change no figure: take, release, note, dispute, reopen. The verifier is the caller.</summary>
public static class ReviewClaim
{
    public const int MaxTextLength = 2_000;

    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/claims/{id:guid}").WithTags("Review").RequireAuthorization(Policies.Verifier);
        group.MapPost("/assign", (Guid id, ClaimsPrincipal user, IDocumentStore store, TimeProvider clock, CancellationToken ct) =>
                RunAsync(id, (r, now) => ReviewDecisions.Assign(r, user.Name(), now), store, clock, ct))
            .WithName("AssignClaim").WithSummary("Take the claim for 15 minutes so no one else works on it; taking it again extends it.");
        group.MapPost("/release", (Guid id, ClaimsPrincipal user, IDocumentStore store, TimeProvider clock, CancellationToken ct) =>
                RunAsync(id, (r, now) => ReviewDecisions.Release(r, user.Name(), now), store, clock, ct))
            .WithName("ReleaseClaim").WithSummary("Give back a claim you took.");
        group.MapPost("/note", (Guid id, NoteRequest request, ClaimsPrincipal user, IDocumentStore store, TimeProvider clock, CancellationToken ct) =>
                TooLong("text", request.Text) ?? RunAsync(id, (r, now) => ReviewDecisions.Note(r, user.Name(), request.Text, now), store, clock, ct))
            .WithName("NoteClaim").WithSummary("Add a note to the claim's review.");
        group.MapPost("/dispute", (Guid id, NoteRequest request, ClaimsPrincipal user, IDocumentStore store, TimeProvider clock, CancellationToken ct) =>
                TooLong("text", request.Text) ?? RunAsync(id, (r, now) => ReviewDecisions.Dispute(r, user.Name(), request.Text, now), store, clock, ct))
            .WithName("DisputeClaim").WithSummary("Mark the claim as needing more sourcing: it stays in the queue, flagged.");
        group.MapPost("/reopen", (Guid id, ReopenRequest request, ClaimsPrincipal user, IDocumentStore store, TimeProvider clock, CancellationToken ct) =>
                TooLong("reason", request.Reason) ?? RunAsync(id, (r, now) => ReviewDecisions.Reopen(r, user.Name(), request.Reason, now), store, clock, ct))
            .WithName("ReopenClaim").WithSummary("Review a rejected claim again, with a reason.");
    }

    private static Task<IResult>? TooLong(string field, string? value) =>
        value is { Length: > MaxTextLength } ? Task.FromResult(new Validation().MaxLength(field, value, MaxTextLength).Problem()) : null;

    /// <summary>Decides one step on the claim's stream and records it (the API's endpoints and the console's forms alike).</summary>
    public static async Task<IResult> RunAsync(Guid id, Func<Review, DateTimeOffset, ReviewDecision> decide, IDocumentStore store,
        TimeProvider clock, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        var stream = await session.Events.FetchForWriting<Review>(id.ToString(), ct);
        if (stream.Aggregate is not { } review) return NotFound(id);
        var decision = decide(review, clock.GetUtcNow());
        if (decision.Outcome != ReviewOutcome.Applied) return Refusal(review, decision);
        stream.AppendMany(decision.Events);
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (Exception e) when (Conflicts.IsConcurrencyConflict(e))
        {
            return ChangedMeanwhile(id);
        }
        var after = (await session.LoadAsync<Review>(id.ToString(), ct))!;
        return Results.Ok(new ReviewStepResponse(after.ClaimId, after.Status, after.Disputed, after.AssignedTo, after.AssignedUntil, after.Notes));
    }

    public static IResult NotFound(Guid id) => Results.Problem(statusCode: 404, title: "No such claim.", detail: $"No claim in review has id {id}.");

    public static IResult ChangedMeanwhile(Guid id) =>
        Results.Problem(statusCode: 409, title: "The claim was decided meanwhile.", detail: $"Claim {id} changed while this was being decided; reload it.");

    /// <summary>A refused step as problem details: 400 naming the field, 409 for the claim's state, 403 for a rule.</summary>
    public static IResult Refusal(Review review, ReviewDecision decision) => decision.Outcome switch
    {
        ReviewOutcome.Invalid => Results.ValidationProblem(new Dictionary<string, string[]> { [decision.Rule ?? "text"] = [decision.Message!] },
            detail: decision.Message, title: "The request has invalid fields."),
        ReviewOutcome.Forbidden => Results.Problem(statusCode: 403, title: "You may not approve this claim.", detail: decision.Message,
            extensions: new Dictionary<string, object?> { ["rule"] = decision.Rule }),
        _ => Results.Problem(statusCode: 409,
            title: ReviewStatus.IsOpen(review.Status) ? "The claim is not free for this." : $"The claim is already {review.Status}.",
            detail: decision.Message),
    };
}
