using FactTracker.ServiceDefaults;
using System.Text.Json;
using FactTracker.Contracts;
using FactTracker.Figures;
using FactTracker.Verification.Features.ApproveClaim;
using FactTracker.Verification.Features.GetClaim;
using FactTracker.Verification.Features.RejectClaim;
using FactTracker.Verification.Features.ReviewClaim;
using FactTracker.Verification.Reviews;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FactTracker.Verification.VerifierConsole.Pages;

/// <summary>One claim: the update's text with the quote highlighted, what approving would do, every decision, and its audit trail.</summary>
public sealed class ClaimModel(IDocumentStore store, GroupCommits commits, TimeProvider clock, ILogger<ClaimModel> logger) : PageModel
{
    [FromRoute] public Guid Id { get; set; }
    [TempData] public string? Flash { get; set; }
    public ConsoleOutcome? Outcome { get; private set; }
    public ClaimView View { get; private set; } = default!;
    public Review Claim => View.Claim;
    public IReadOnlyList<IEvent> Audit { get; private set; } = [];
    public DateTimeOffset Now { get; private set; }

    /// <summary>The update's text in three parts around the quote, when the offsets fit the text.</summary>
    public (string Before, string Quote, string After)? Highlighted =>
        View.UpdateText is { } text && View.QuoteStart is { } s && View.QuoteEnd is { } e && 0 <= s && s < e && e <= text.Length
            ? (text[..s], text[s..e], text[e..])
            : null;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostApproveAsync(string? kind, long? low, long? high, string? reason, string? note, CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        JsonElement? value = null;
        if (!string.IsNullOrWhiteSpace(kind))
        {
            var edited = new FigureValue(kind, low, kind == ValueKinds.Exact ? low : high, null);
            if (!FigureValues.SameValue(edited, Claim.Value))
                value = JsonSerializer.SerializeToElement(new { kind, low, high = edited.High });
        }
        var result = await ApproveClaim.ApproveAsync(Id, new ApproveClaimRequest(Blank(note), Blank(reason), value), User, store, commits, clock, logger, ct);
        return await AfterAsync(ConsoleOutcome.From(result, "Approved."), ct);
    }

    public async Task<IActionResult> OnPostRejectAsync(string? reason, string? note, CancellationToken ct) =>
        await AfterAsync(ConsoleOutcome.From(await RejectClaim.RejectAsync(Id, new RejectClaimRequest(Blank(reason), Blank(note)), User, store, clock, ct),
            $"Rejected ({reason})."), ct);

    public Task<IActionResult> OnPostDisputeAsync(string? text, CancellationToken ct) =>
        StepAsync((r, now) => ReviewDecisions.Dispute(r, Name, text, now), "Marked as disputed: it stays in the queue, flagged.", ct, text);

    public Task<IActionResult> OnPostNoteAsync(string? text, CancellationToken ct) =>
        StepAsync((r, now) => ReviewDecisions.Note(r, Name, text, now), "Note added.", ct, text);

    public Task<IActionResult> OnPostAssignAsync(CancellationToken ct) =>
        StepAsync((r, now) => ReviewDecisions.Assign(r, Name, now), $"Taken for {ReviewDecisions.AssignmentLength.TotalMinutes:0} minutes.", ct);

    public Task<IActionResult> OnPostReleaseAsync(CancellationToken ct) =>
        StepAsync((r, now) => ReviewDecisions.Release(r, Name, now), "Released.", ct);

    public Task<IActionResult> OnPostReopenAsync(string? reason, CancellationToken ct) =>
        StepAsync((r, now) => ReviewDecisions.Reopen(r, Name, reason, now), "Reopened.", ct, reason);

    private string Name => FactTracker.ServiceDefaults.CallerExtensions.Name(User);

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private async Task<IActionResult> StepAsync(Func<Review, DateTimeOffset, ReviewDecision> decide, string done, CancellationToken ct, string? text = null)
    {
        if (text is { Length: > ReviewClaim.MaxTextLength })
            return await AfterAsync(new ConsoleOutcome(400, false, "The text is too long.", $"At most {ReviewClaim.MaxTextLength} characters."), ct);
        var result = await ReviewClaim.RunAsync(Id, decide, store, clock, ct);
        return await AfterAsync(ConsoleOutcome.From(result, done), ct);
    }

    private async Task<IActionResult> AfterAsync(ConsoleOutcome outcome, CancellationToken ct)
    {
        if (outcome.Succeeded)
        {
            Flash = outcome.Message;
            return RedirectToPage(new { id = Id });
        }
        if (!await LoadAsync(ct)) return NotFound();
        Outcome = outcome;
        Response.StatusCode = outcome.Status;
        return Page();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        Now = clock.GetUtcNow();
        await using var session = store.QuerySession();
        if (await session.LoadAsync<Review>(Id.ToString(), ct) is not { } claim) return false;
        View = await GetClaim.ViewAsync(claim, session, ct);
        Audit = await session.Events.FetchStreamAsync(Id.ToString(), token: ct);
        return true;
    }
}
