using FactTracker.Contracts;

namespace FactTracker.Verification.Figures;

// The figure's stream is the record of how it was revised; events say what happened and who decided it.

public sealed record FigureOpened(string FigureId, string Story, string Metric, string Subject);

public sealed record RevisionApproved(
    int Revision,
    FigureValue Value,
    string Source,
    Guid ClaimId,
    Guid UpdateId,
    string? Quote,
    string? UpdateUrl,
    string VerifiedBy,
    string? Note,
    DateTimeOffset ReportedAt,
    DateTimeOffset RecordedAt);

/// <summary>A figure's current state, folded from its stream (an inline snapshot: reads never replay).</summary>
public sealed partial record Figure(
    string Id,
    string Story,
    string Metric,
    string Subject,
    int Revision,
    FigureValue? Headline,
    string? HeadlineSource)
{
    public static Figure Create(FigureOpened e) => new(e.FigureId, e.Story, e.Metric, e.Subject, 0, null, null);

    public Figure Apply(RevisionApproved e) => this with { Revision = e.Revision, Headline = e.Value, HeadlineSource = e.Source };
}
