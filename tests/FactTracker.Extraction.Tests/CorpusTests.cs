using System.Text.Json;
using FactTracker.Figures;

namespace FactTracker.Extraction.Tests;

public sealed record LabelledClaim(string Metric, string Subject, string Kind, long? Low, long? High, string? Source = null);

public sealed record Passage(string Id, string Style, IReadOnlyList<string> Rules, string Source, string Text, IReadOnlyList<LabelledClaim> Claims);

/// <summary>The labelled corpus: passages written in the style of wire reports, live blogs and official statements.</summary>
public sealed class CorpusTests(ITestOutputHelper output)
{
    public const double MinPrecision = 0.95;
    public const double MinRecall = 0.90;

    private static readonly Lazy<IReadOnlyList<Passage>> Corpus = new(() =>
        JsonSerializer.Deserialize<List<Passage>>(
            File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Corpus", "passages.json")),
            new JsonSerializerOptions(JsonSerializerDefaults.Web) { RespectNullableAnnotations = true })!);

    public static IReadOnlyList<Passage> Passages => Corpus.Value;

    [Fact]
    public void Precision_and_recall_over_metric_kind_and_bounds_meet_the_bar()
    {
        int expected = 0, found = 0, correct = 0;
        var misses = new List<string>();
        foreach (var passage in Passages)
        {
            var want = passage.Claims.Select(c => (c.Metric, c.Kind, c.Low, c.High)).ToList();
            var got = ClaimExtractor.Extract(passage.Text, passage.Source).Select(c => (c.Metric, c.Value.Kind, c.Value.Low, c.Value.High)).ToList();
            expected += want.Count;
            found += got.Count;
            var unmatched = new List<(string, string, long?, long?)>(want);
            foreach (var claim in got)
            {
                if (unmatched.Remove(claim)) correct++;
                else misses.Add($"  {passage.Id}: extra   {claim}");
            }
            misses.AddRange(unmatched.Select(c => $"  {passage.Id}: missed  {c}"));
        }
        var precision = found == 0 ? 1 : (double)correct / found;
        var recall = expected == 0 ? 1 : (double)correct / expected;
        var report = $"Extraction corpus: {Passages.Count} passages, {expected} labelled claims, {found} extracted, {correct} correct; " +
                     $"precision {precision:0.000}, recall {recall:0.000}";
        output.WriteLine(report);
        Console.WriteLine(report);
        foreach (var miss in misses)
        {
            output.WriteLine(miss);
            Console.WriteLine(miss);
        }
        Assert.True(precision >= MinPrecision, $"precision {precision:0.000} < {MinPrecision}");
        Assert.True(recall >= MinRecall, $"recall {recall:0.000} < {MinRecall}");
    }

    /// <summary>Of the figures found, how often the subject and (where labelled) the source are right too.</summary>
    [Fact]
    public void Subjects_and_sources_of_the_figures_found_are_right()
    {
        int subjects = 0, rightSubjects = 0, sources = 0, rightSources = 0;
        var wrong = new List<string>();
        foreach (var passage in Passages)
        {
            var got = ClaimExtractor.Extract(passage.Text, passage.Source).ToList();
            foreach (var want in passage.Claims)
            {
                var match = got.FirstOrDefault(c => (c.Metric, c.Value.Kind, c.Value.Low, c.Value.High) == (want.Metric, want.Kind, want.Low, want.High));
                if (match is null) continue;
                got.Remove(match);
                subjects++;
                if (match.Subject == want.Subject) rightSubjects++;
                else wrong.Add($"  {passage.Id}: subject {match.Subject}, labelled {want.Subject}");
                if (want.Source is null) continue;
                sources++;
                if (match.Source == want.Source) rightSources++;
                else wrong.Add($"  {passage.Id}: source '{match.Source}', labelled '{want.Source}'");
            }
        }
        var report = $"Extraction corpus: subject right for {rightSubjects} of {subjects} figures found, source right for {rightSources} of {sources} labelled";
        output.WriteLine(report);
        Console.WriteLine(report);
        wrong.ForEach(output.WriteLine);
        Assert.True(rightSubjects >= 0.95 * subjects, report);
        Assert.True(rightSources >= 0.9 * sources, report);
    }

    /// <summary>The rules the issue lists, each exercised by at least one passage.</summary>
    public static readonly string[] RequiredRules =
    [
        "digits", "separators", "decimal-scale", "number-words", "a-thousand", "a-dozen", "vague", "approximate", "at-least",
        "at-most", "range", "two-claims", "total", "revision", "heading", "subject",
        "source-according-to", "source-said", "source-reported", "source-added", "source-confirmed", "source-told", "source-put-figure",
        "negative-date", "negative-year", "negative-time", "negative-age", "negative-price", "negative-percentage", "negative-money",
        "negative-things", "negative-unharmed", "negative-handle", "negative-url", "negative-without-power",
    ];

    [Fact]
    public void The_corpus_is_large_enough_and_covers_every_rule_metric_and_kind()
    {
        Assert.True(Passages.Count >= 80, $"{Passages.Count} passages");
        var negatives = Passages.Count(p => p.Claims.Count == 0);
        Assert.True(negatives >= 25, $"{negatives} passages without claims");
        Assert.Equal(Passages.Count, Passages.Select(p => p.Id).Distinct().Count());
        Assert.Empty(RequiredRules.Except(Passages.SelectMany(p => p.Rules)));
        Assert.Empty(Metrics.All.Except(Passages.SelectMany(p => p.Claims).Select(c => c.Metric)));
        Assert.Empty(ValueKinds.All.Except(Passages.SelectMany(p => p.Claims).Select(c => c.Kind)));
        Assert.Equal(["live", "statement", "wire"], Passages.Select(p => p.Style).Distinct().Order());
    }

    [Fact]
    public void Every_labelled_value_is_valid_and_every_subject_a_slug()
    {
        foreach (var claim in Passages.SelectMany(p => p.Claims))
        {
            Assert.True(Metrics.IsKnown(claim.Metric), claim.Metric);
            Assert.True(Slug.IsValid(claim.Subject), claim.Subject);
            var value = new FactTracker.Contracts.FigureValue(claim.Kind, claim.Low, claim.High, null);
            Assert.Null(FigureValues.TryNormalize(value, out var normalized));
            Assert.Equal(value, normalized);
        }
    }
}
