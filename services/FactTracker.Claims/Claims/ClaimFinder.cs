using FactTracker.Contracts;
using FactTracker.Extraction;
using FactTracker.Figures;

namespace FactTracker.Claims.Claims;

/// <summary>Turns an update into the claims it makes: the figures a newsroom attached, and those found in its text.</summary>
public static class ClaimFinder
{
    public const string Structured = "structured";
    public const string Text = "text";

    public static IReadOnlyList<Claim> Find(UpdateReceived update, DateTimeOffset now)
    {
        var structured = FromStructuredFigures(update, now).ToList();
        // A figure the newsroom attached and the same figure found in its text are one claim: the attached one.
        var fromText = FromText(update, now).Where(t => !structured.Any(s => SameFigureAndValue(s, t)));
        return [.. structured, .. fromText];
    }

    private static IEnumerable<Claim> FromStructuredFigures(UpdateReceived update, DateTimeOffset now) =>
        update.Figures.Select((f, i) =>
        {
            var start = f.Quote is null ? -1 : update.Text.IndexOf(f.Quote, StringComparison.Ordinal);
            return new Claim
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
                QuoteStart = start >= 0 ? start : null,
                QuoteEnd = start >= 0 ? start + f.Quote!.Length : null,
                UpdateUrl = update.Url,
                ReportedAt = update.PublishedAt,
                SubmittedAt = now,
                Origin = Structured,
                PostedBy = update.PostedBy,
            };
        });

    private static IEnumerable<Claim> FromText(UpdateReceived update, DateTimeOffset now) =>
        ClaimExtractor.Extract(update.Text, update.Source).Select((c, i) => new Claim
        {
            Id = ClaimId(update.UpdateId, Text, i),
            UpdateId = update.UpdateId,
            Index = i,
            Story = update.Story,
            Metric = c.Metric,
            Subject = c.Subject,
            FigureId = FigureId.For(update.Story, c.Metric, c.Subject),
            Value = c.Value,
            Source = c.Source ?? update.Source,
            Quote = c.Quote,
            QuoteStart = c.Start,
            QuoteEnd = c.End,
            UpdateUrl = update.Url,
            ReportedAt = update.PublishedAt,
            SubmittedAt = now,
            Origin = Text,
            Rule = c.Rule,
            PostedBy = update.PostedBy,
        });

    public static bool SameFigureAndValue(Claim a, Claim b) =>
        a.FigureId == b.FigureId && (a.Value.Kind, a.Value.Low, a.Value.High) == (b.Value.Kind, b.Value.Low, b.Value.High);

    /// <summary>A later update repeating a claim: same figure, value and source (sources compared without case or spacing).</summary>
    public static bool IsRepeatOf(Claim later, Claim earlier) =>
        SameFigureAndValue(later, earlier) && SourceKey(later.Source) == SourceKey(earlier.Source);

    private static string SourceKey(string source) =>
        string.Join(' ', source.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>The same update always yields the same claim ids.</summary>
    public static Guid ClaimId(Guid updateId, string origin, int index) => StableId.From($"claim/{updateId:N}/{origin}/{index}");
}
