using FactTracker.Figures;

namespace FactTracker.Verification.Figures;

public sealed record ApproveRevision(
    string FigureId,
    string Story,
    string Metric,
    string Subject,
    Contracts.FigureValue Value,
    string Source,
    Guid ClaimId,
    Guid UpdateId,
    string? Quote,
    string? UpdateUrl,
    string VerifiedBy,
    string? Note,
    DateTimeOffset ReportedAt,
    DateTimeOffset Now);

/// <summary>Pure rules: what a command does to a figure, as events. No I/O.</summary>
public static class FigureDecisions
{
    public static IReadOnlyList<object> Decide(Figure? figure, ApproveRevision command)
    {
        if (FigureValues.TryNormalize(command.Value, out var value) is { } problem)
            throw new ArgumentException($"The value cannot be approved: {problem}", nameof(command));
        var events = new List<object>();
        if (figure is null)
            events.Add(new FigureOpened(command.FigureId, command.Story, command.Metric, command.Subject));
        var revision = (figure?.Revision ?? 0) + 1;
        events.Add(new RevisionApproved(revision, value, command.Source, command.ClaimId, command.UpdateId, command.Quote,
            command.UpdateUrl, command.VerifiedBy, command.Note, command.ReportedAt, command.Now));
        return events;
    }
}
