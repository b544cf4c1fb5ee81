using System.Security.Claims;
using FactTracker.ServiceDefaults;
using FactTracker.Verification.Features.ApproveClaim;
using FactTracker.Verification.Features.RejectClaim;
using FactTracker.Verification.Reviews;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace FactTracker.Verification.Features.BulkDecision;

/// <param name="Reason">reject: one of the rejection reasons; approve: why, when a rule asks for it.</param>
public sealed record BulkDecisionRequest(List<Guid>? ClaimIds, string? Reason, string? Note);

/// <param name="Status">What that claim's own request would have answered (200, 202, 403, 404, 409, ...).</param>
public sealed record BulkItemResult(Guid ClaimId, int Status, string? Outcome, string? Problem);

public sealed record BulkDecisionResponse(string Action, int Succeeded, int Refused, IReadOnlyList<BulkItemResult> Results);

/// <summary>Approve or reject selected claims of a story at once; each decision is still taken, checked and recorded one by one.</summary>
public static class BulkDecision
{
    public const int MaxClaims = 200;

    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/stories/{story}/claims").WithTags("Review").RequireAuthorization(Policies.Verifier);
        group.MapPost("/approve", (string story, BulkDecisionRequest request, ClaimsPrincipal user, IDocumentStore store, GroupCommits commits,
                TimeProvider clock, ILogger<BulkDecisionRequest> logger, CancellationToken ct) =>
                RunAsync("approve", story, request, store, ct, id => ApproveClaim.ApproveClaim.ApproveAsync(id,
                    new ApproveClaimRequest(request.Note, request.Reason, null), user, store, commits, clock, logger, ct)))
            .WithName("ApproveClaims").WithSummary("Approve each of the selected claims of a story, as if one by one.");
        group.MapPost("/reject", (string story, BulkDecisionRequest request, ClaimsPrincipal user, IDocumentStore store, TimeProvider clock,
                CancellationToken ct) =>
                RunAsync("reject", story, request, store, ct, id => RejectClaim.RejectClaim.RejectAsync(id,
                    new RejectClaimRequest(request.Reason, request.Note), user, store, clock, ct)))
            .WithName("RejectClaims").WithSummary("Reject each of the selected claims of a story with one reason, as if one by one.");
    }

    private static async Task<IResult> RunAsync(string action, string story, BulkDecisionRequest request, IDocumentStore store,
        CancellationToken ct, Func<Guid, Task<IResult>> decide)
    {
        var v = new Validation();
        if (request.ClaimIds is not { Count: > 0 }) v.Add("claimIds", "claimIds must list at least one claim");
        else if (request.ClaimIds.Count > MaxClaims) v.Add("claimIds", $"at most {MaxClaims} claims at once");
        if (!v.IsValid) return v.Problem();

        await using var query = store.QuerySession();
        var results = new List<BulkItemResult>();
        foreach (var id in request.ClaimIds!.Distinct())
        {
            var claim = await query.LoadAsync<Review>(id.ToString(), ct);
            if (claim is null || claim.Story != story)
            {
                results.Add(new BulkItemResult(id, 404, null, $"No claim of story {story} has id {id}."));
                continue;
            }
            var result = await decide(id);
            var status = (result as IStatusCodeHttpResult)?.StatusCode ?? 200;
            var value = (result as IValueHttpResult)?.Value;
            results.Add(value switch
            {
                ProblemDetails p => new BulkItemResult(id, status, null, p.Detail ?? p.Title),
                ClaimApprovedResponse a => new BulkItemResult(id, status, a.Status, a.Message),
                ClaimRejectedResponse r => new BulkItemResult(id, status, r.Status, null),
                _ => new BulkItemResult(id, status, null, null),
            });
        }
        var ok = results.Count(r => r.Status is 200 or 202);
        return Results.Ok(new BulkDecisionResponse(action, ok, results.Count - ok, results));
    }
}
