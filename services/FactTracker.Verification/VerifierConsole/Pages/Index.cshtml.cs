using FactTracker.ServiceDefaults;
using FactTracker.Figures;
using FactTracker.Verification.Features.ApproveClaim;
using FactTracker.Verification.Features.RejectClaim;
using FactTracker.Verification.Features.ReviewQueue;
using FactTracker.Verification.Reviews;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FactTracker.Verification.VerifierConsole.Pages;

/// <summary>The review queue, oldest first, with filters; approve or reject from the list (keyboard: j/k, a, r).</summary>
public sealed class IndexModel(IDocumentStore store, GroupCommits commits, TimeProvider clock, ILogger<IndexModel> logger) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)] public string? Story { get; set; }
    [BindProperty(SupportsGet = true)] public string? Metric { get; set; }
    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(SupportsGet = true)] public string? Assignee { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    [TempData] public string? Flash { get; set; }
    public ConsoleOutcome? Outcome { get; private set; }
    public ReviewQueuePage Queue { get; private set; } = new([], 1, PageSize, 0);
    public List<string> FilterProblems { get; } = [];
    public DateTimeOffset Now { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostApproveAsync(Guid id, CancellationToken ct)
    {
        var result = await ApproveClaim.ApproveAsync(id, new ApproveClaimRequest(null, null, null), User, store, commits, clock, logger, ct);
        return await AfterAsync(ConsoleOutcome.From(result, "Approved."), ct);
    }

    public async Task<IActionResult> OnPostRejectAsync(Guid id, string? reason, CancellationToken ct)
    {
        var result = await RejectClaim.RejectAsync(id, new RejectClaimRequest(reason, null), User, store, clock, ct);
        return await AfterAsync(ConsoleOutcome.From(result, $"Rejected ({reason})."), ct);
    }

    private async Task<IActionResult> AfterAsync(ConsoleOutcome outcome, CancellationToken ct)
    {
        if (outcome.Succeeded)
        {
            Flash = outcome.Message;
            return RedirectToPage(new { Story, Metric, Status, Assignee, p = PageNumber == 1 ? (int?)null : PageNumber });
        }
        Outcome = outcome;
        Response.StatusCode = outcome.Status;
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Now = clock.GetUtcNow();
        Story = string.IsNullOrWhiteSpace(Story) ? null : Story.Trim();
        Metric = string.IsNullOrWhiteSpace(Metric) ? null : Metric;
        Assignee = string.IsNullOrWhiteSpace(Assignee) ? null : Assignee.Trim();
        Status = string.IsNullOrWhiteSpace(Status) ? ReviewStatus.Pending : Status;
        if (Story is not null && !Slug.IsValid(Story)) FilterProblems.Add("Story must be a story slug, e.g. kazakhstan-unrest-2022.");
        if (Metric is not null && !Metrics.IsKnown(Metric)) FilterProblems.Add($"Metric must be one of {string.Join(", ", Metrics.All)}.");
        if (!ReviewStatus.All.Contains(Status)) FilterProblems.Add($"Status must be one of {string.Join(", ", ReviewStatus.All)}.");
        if (Assignee is { Length: > 100 }) FilterProblems.Add("Assignee is at most 100 characters.");
        if (PageNumber < 1) PageNumber = 1;
        if (FilterProblems.Count > 0) return;
        await using var session = store.QuerySession();
        Queue = await ReviewQueue.FindAsync(session, Now, Status, Story, Metric, Assignee, null, PageNumber, PageSize, ct);
    }
}
