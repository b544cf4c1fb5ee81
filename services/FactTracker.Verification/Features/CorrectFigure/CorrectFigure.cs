using System.Security.Claims;
using System.Text.Json;
using FactTracker.Contracts;
using FactTracker.Figures;
using FactTracker.ServiceDefaults;
using FactTracker.Verification.Figures;
using Marten;

namespace FactTracker.Verification.Features.CorrectFigure;

/// <param name="Value">The corrected value (correct only): a number or {kind, low, high, words}.</param>
public sealed record ChangeRevisionRequest(string? Reason, JsonElement? Value);

public sealed record RevisionChangedResponse(string FigureId, string Action, int TargetRevision, string Status, int? Revision, string? Rule, string? Message);

/// <summary>Correct, retract or pin an earlier revision. The mistaken revision stays in the history, marked.</summary>
public static class CorrectFigure
{
    private const int MaxAttempts = 8;

    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/figures/{story}/{metric}/{subject}/revisions/{revision:int}").WithTags("Figures").RequireAuthorization(Policies.Verifier);
        group.MapPost("/correct", (string story, string metric, string subject, int revision, ChangeRevisionRequest request,
                ClaimsPrincipal user, IDocumentStore store, TimeProvider clock, CancellationToken ct) =>
                Handle(user.Name(), FigureDecisions.Corrected, story, metric, subject, revision, request, store, clock, ct))
            .WithName("CorrectRevision").WithSummary("Replace the value an earlier revision approved.");
        group.MapPost("/retract", (string story, string metric, string subject, int revision, ChangeRevisionRequest request,
                ClaimsPrincipal user, IDocumentStore store, TimeProvider clock, CancellationToken ct) =>
                Handle(user.Name(), FigureDecisions.Retracted, story, metric, subject, revision, request, store, clock, ct))
            .WithName("RetractRevision").WithSummary("Withdraw an earlier revision: it no longer counts.");
        group.MapPost("/pin", (string story, string metric, string subject, int revision, ChangeRevisionRequest request,
                ClaimsPrincipal user, IDocumentStore store, TimeProvider clock, CancellationToken ct) =>
                Handle(user.Name(), FigureDecisions.Pinned, story, metric, subject, revision, request, store, clock, ct))
            .WithName("PinHeadline").WithSummary("Make an earlier revision the headline, whatever is reported after it.");
    }

    private static async Task<IResult> Handle(string verifier, string action, string story, string metric, string subject, int target,
        ChangeRevisionRequest request, IDocumentStore store, TimeProvider clock, CancellationToken ct)
    {
        var figureId = FigureId.For(story, metric, subject);
        var v = new Validation()
            .Require("reason", request.Reason, ApproveClaim.ApproveClaim.MaxNoteLength);
        if (!FigureId.TryParse(figureId, out _)) v.Add("figure", "story, metric and subject must name a figure, e.g. kazakhstan-unrest-2022/injured/people");
        FigureValue? value = null;
        if (action == FigureDecisions.Corrected)
        {
            if (request.Value is not { ValueKind: not JsonValueKind.Null } json) v.Add("value", "value is required: the corrected value");
            else if (FigureValueJson.TryRead(json, out var parsed) is { } problem) v.Add("value", $"value {problem}");
            else value = parsed;
        }
        else if (request.Value is { ValueKind: not JsonValueKind.Null })
            v.Add("value", $"a value is given only to correct a revision, not when it is {action}");
        if (!v.IsValid) return v.Problem();

        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession();
            var stream = await session.Events.FetchForWriting<Figure>(figureId, ct);
            if (stream.Aggregate is not { } figure)
                return Results.Problem(statusCode: 404, title: "No such figure.", detail: $"No revision of {figureId} has been approved.");
            var history = await session.Events.FetchStreamAsync(figureId, token: ct);
            var (ledger, pinned) = FigureLedgerHistory.From(history.Select(e => e.Data));
            var now = clock.GetUtcNow();
            var decision = FigureDecisions.Decide(figure, new ChangeRevision(action, target, value, ledger, pinned, verifier, request.Reason, now));

            switch (decision.Outcome)
            {
                case Outcome.NotFound:
                    return Results.Problem(statusCode: 404, title: "No such revision.", detail: decision.Message);
                case Outcome.Conflict:
                    return Results.Problem(statusCode: 409, title: "Nothing would change.", detail: decision.Message);
                case Outcome.ReasonRequired:
                    return Results.ValidationProblem(new Dictionary<string, string[]> { ["reason"] = [decision.Message!] },
                        statusCode: StatusCodes.Status422UnprocessableEntity, title: "This change needs a reason.");
                case Outcome.SameVerifier:
                    return Results.Problem(statusCode: 403, title: "A second, different verifier must make this change.",
                        detail: decision.Message, extensions: new Dictionary<string, object?> { ["rule"] = decision.Rule });
            }

            stream.AppendMany(decision.Events);
            var applied = decision.Events.Select(Applied).FirstOrDefault(a => a is not null);
            if (applied is { } a)
            {
                var source = ledger.First(e => e.Revision == target).Source;
                session.PublishAfterCommit(new FigureCorrected(figureId, figure.Story, figure.Metric, figure.Subject, a.Revision,
                    figure.Revision, action, target, a.Value, figure.State.Headline, source, a.Verifiers, a.Reason, now, a.State));
                if (figure.State.Contested != a.State.Contested)
                    session.PublishAfterCommit(new FigureContested(figureId, figure.Story, figure.Metric, figure.Subject, a.Revision,
                        a.State.Contested, now, a.State));
            }

            try
            {
                await session.SaveChangesAsync(ct);
            }
            catch (Exception e) when (Conflicts.IsConcurrencyConflict(e) && attempt < MaxAttempts)
            {
                await Task.Delay(Random.Shared.Next(5, 20 * attempt), ct);
                continue;
            }

            return applied is { } done
                ? Results.Ok(new RevisionChangedResponse(figureId, action, target, "applied", done.Revision, null, null))
                : Results.Accepted($"/v1/figures/{figureId}", new RevisionChangedResponse(figureId, action, target, "held", null, decision.Rule, decision.Message));
        }
    }

    private sealed record AppliedChange(int Revision, FigureValue? Value, IReadOnlyList<string> Verifiers, string Reason, FigureState State);

    private static AppliedChange? Applied(object e) => e switch
    {
        RevisionCorrected c => new(c.Revision, c.Value, c.Verifiers, c.Reason, c.State),
        RevisionRetracted r => new(r.Revision, null, r.Verifiers, r.Reason, r.State),
        HeadlinePinned p => new(p.Revision, null, p.Verifiers, p.Reason, p.State),
        _ => null,
    };
}
