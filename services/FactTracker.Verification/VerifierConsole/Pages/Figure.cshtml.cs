using FactTracker.Figures;
using FactTracker.Verification.Figures;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FactTracker.Verification.VerifierConsole.Pages;

/// <summary>A figure: headline, each source's value, contested, changes held for a second verifier, and its revision timeline.</summary>
public sealed class FigureModel(IDocumentStore store) : PageModel
{
    public Figure Figure { get; private set; } = default!;
    public IReadOnlyList<IEvent> Events { get; private set; } = [];
    public RevisionChart.Timeline Timeline { get; private set; } = default!;

    public async Task<IActionResult> OnGetAsync(string story, string metric, string subject, CancellationToken ct)
    {
        var id = FigureId.For(story, metric, subject);
        await using var session = store.QuerySession();
        if (await session.LoadAsync<Figure>(id, ct) is not { } figure) return NotFound();
        Figure = figure;
        Events = await session.Events.FetchStreamAsync(id, token: ct);
        Timeline = RevisionChart.From(Events.Select(e => e.Data));
        return Page();
    }
}
