using FactTracker.Verification.Features.ApproveClaim;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace FactTracker.Verification.VerifierConsole;

/// <summary>What an API handler answered, as a sentence for the page: the console calls the same handlers the API does.</summary>
public sealed record ConsoleOutcome(int Status, bool Succeeded, string Title, string? Detail)
{
    public static ConsoleOutcome From(IResult result, string done)
    {
        var status = (result as IStatusCodeHttpResult)?.StatusCode ?? 200;
        var value = (result as IValueHttpResult)?.Value;
        switch (value)
        {
            case HttpValidationProblemDetails v:
                var errors = string.Join(" ", v.Errors.SelectMany(e => e.Value));
                return new ConsoleOutcome(status, false, v.Title ?? "The request was refused.", string.IsNullOrWhiteSpace(errors) ? v.Detail : errors);
            case ProblemDetails p:
                return new ConsoleOutcome(status, false, p.Title ?? "The request was refused.", p.Detail);
            case ClaimApprovedResponse { Status: "held" } held:
                return new ConsoleOutcome(status, true, "Held for a second verifier.", held.Message);
            case ClaimApprovedResponse approved:
                return new ConsoleOutcome(status, true, $"Approved: {approved.FigureId} is at revision {approved.Revision}.", null);
            default:
                return new ConsoleOutcome(status, status < 400, status < 400 ? done : "The request was refused.", null);
        }
    }

    /// <summary>One line for the page, e.g. "Refused (403): A second, different verifier must approve this. alice already proposed ...".</summary>
    public string Message => Succeeded ? $"{Title}{(Detail is null ? "" : " " + Detail)}" : $"Refused ({Status}): {Title}{(Detail is null ? "" : " " + Detail)}";
}
