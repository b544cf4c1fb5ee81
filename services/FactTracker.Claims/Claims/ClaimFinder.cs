using FactTracker.Contracts;
using FactTracker.Figures;

namespace FactTracker.Claims.Claims;

/// <summary>Turns an update into the claims it makes. Every source of claims feeds <see cref="Find"/>.</summary>
public static class ClaimFinder
{
    public const string Structured = "structured";

    public static IReadOnlyList<Claim> Find(UpdateReceived update, DateTimeOffset now) =>
        FromStructuredFigures(update, now).ToList();

    private static IEnumerable<Claim> FromStructuredFigures(UpdateReceived update, DateTimeOffset now) =>
        update.Figures.Select((f, i) => new Claim
        {
            Id = ClaimId(update.UpdateId, Structured, i),
            UpdateId = update.UpdateId,
            Index = i,
            Story = update.Story,
            Metric = f.Metric,
            Subject = f.Subject,
            FigureId = FigureId.For(update.Story, f.Metric, f.Subject),
            Value = f.Value,
            Source = f.Source ?? update.Source,
            Quote = f.Quote,
            UpdateUrl = update.Url,
            ReportedAt = update.PublishedAt,
            SubmittedAt = now,
            Origin = Structured,
        });

    /// <summary>The same update always yields the same claim ids.</summary>
    public static Guid ClaimId(Guid updateId, string origin, int index) => StableId.From($"claim/{updateId:N}/{origin}/{index}");
}
