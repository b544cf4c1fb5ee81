using System.Globalization;
using System.Net;
using System.Text;
using FactTracker.Contracts;
using FactTracker.Figures;
using FactTracker.Verification.Figures;

namespace FactTracker.Verification.VerifierConsole;

/// <summary>
/// A figure's revision timeline as an inline SVG step chart over reported time, drawn on the server from the figure's
/// stream: one colour per source, each source's value as a step line with a shaded band for its bounds, and markers
/// where a revision was corrected (diamond) or retracted (cross). Every text is HTML-encoded.
/// </summary>
public static class RevisionChart
{
    /// <summary>Okabe-Ito: told apart with the common colour-vision deficiencies.</summary>
    public static readonly IReadOnlyList<string> Palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"];

    private const int Width = 720, Height = 280, Left = 64, Right = 16, Top = 16, Bottom = 40;

    /// <summary>One approved report of a source as the chart shows it, after corrections; retracted ones are kept as markers only.</summary>
    public sealed record Step(int Revision, string Source, FigureValue Value, DateTimeOffset ReportedAt, bool Retracted, int? CorrectedBy);

    public sealed record Timeline(IReadOnlyList<Step> Steps, IReadOnlyList<string> Sources);

    public static Timeline From(IEnumerable<object> events)
    {
        var steps = new List<Step>();
        foreach (var e in events)
        {
            switch (e)
            {
                case RevisionApproved a:
                    steps.Add(new Step(a.Revision, a.Source, a.Value, a.ReportedAt, false, null));
                    break;
                case RevisionCorrected c:
                    var i = steps.FindIndex(s => s.Revision == c.CorrectedRevision);
                    if (i >= 0) steps[i] = steps[i] with { Value = c.Value, CorrectedBy = c.Revision };
                    break;
                case RevisionRetracted r:
                    var j = steps.FindIndex(s => s.Revision == r.RetractedRevision);
                    if (j >= 0) steps[j] = steps[j] with { Retracted = true };
                    break;
            }
        }
        var sources = steps.Select(s => s.Source).Distinct(StringComparer.Ordinal).OrderBy(s => s, StringComparer.Ordinal).ToList();
        return new Timeline(steps, sources);
    }

    public static string ColourOf(Timeline t, string source) => Palette[Math.Max(0, IndexOf(t.Sources, source)) % Palette.Count];

    private static int IndexOf(IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++) if (list[i] == value) return i;
        return -1;
    }

    /// <summary>Where a value's line is drawn: its point, or the middle of its bounds.</summary>
    public static double Point(FigureValue v) => v.Low is { } lo && v.High is { } hi ? (lo + hi) / 2.0 : FigureLedger.LowerPoint(v);

    public static string Render(Timeline t, string title)
    {
        var svg = new StringBuilder();
        var standing = t.Steps.Where(s => !s.Retracted).ToList();
        string Enc(string s) => WebUtility.HtmlEncode(s);
        static string N(double d) => d.ToString("0.#", CultureInfo.InvariantCulture);

        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {Height}\" width=\"100%\" role=\"img\" aria-labelledby=\"chart-title chart-desc\" data-steps=\"{standing.Count}\">");
        svg.Append($"<title id=\"chart-title\">{Enc(title)}</title>");
        svg.Append(CultureInfo.InvariantCulture, $"<desc id=\"chart-desc\">{standing.Count} standing reports from {t.Sources.Count} sources over reported time; the table below lists every revision.</desc>");
        if (t.Steps.Count == 0)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width / 2}\" y=\"{Height / 2}\" text-anchor=\"middle\">No approved revision yet.</text></svg>");
            return svg.ToString();
        }

        var first = t.Steps.Min(s => s.ReportedAt);
        var last = t.Steps.Max(s => s.ReportedAt);
        var span = last - first;
        if (span < TimeSpan.FromHours(1)) span = TimeSpan.FromHours(1);
        var end = first + span * 1.15; // room after the last report for its step to show
        double top = t.Steps.Max(s => Math.Max(s.Value.High ?? s.Value.Low ?? 0, s.Value.Low ?? 0));
        if (t.Steps.Any(s => s.Value.High is null)) top *= 1.25; // open above: leave headroom for the band
        top = Math.Max(10, NiceCeiling(top * 1.1));
        double X(DateTimeOffset at) => Left + (at - first).TotalSeconds / (end - first).TotalSeconds * (Width - Left - Right);
        double Y(double v) => Top + (1 - Math.Min(v, top) / top) * (Height - Top - Bottom);

        // Axes and gridlines.
        svg.Append(CultureInfo.InvariantCulture, $"<g class=\"axis\" stroke=\"#999\" stroke-width=\"1\"><line x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{Height - Bottom}\"/><line x1=\"{Left}\" y1=\"{Height - Bottom}\" x2=\"{Width - Right}\" y2=\"{Height - Bottom}\"/></g>");
        svg.Append("<g class=\"ticks\" font-size=\"11\" fill=\"#333\">");
        foreach (var v in new[] { 0, top / 2, top })
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{N(Y(v) + 4)}\" text-anchor=\"end\">{v:#,0}</text><line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{N(Y(v))}\" y2=\"{N(Y(v))}\" stroke=\"#eee\"/>");
        foreach (var at in new[] { first, first + (last - first) / 2, last }.Distinct())
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(X(at))}\" y=\"{Height - Bottom + 16}\" text-anchor=\"middle\">{Enc(at.ToString("MMM d HH:mm", CultureInfo.InvariantCulture))}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width - Right}\" y=\"{Height - 6}\" text-anchor=\"end\">reported time ({Enc(first.ToString("zzz", CultureInfo.InvariantCulture))})</text></g>");

        foreach (var source in t.Sources)
        {
            var colour = ColourOf(t, source);
            var own = standing.Where(s => s.Source == source).OrderBy(s => s.ReportedAt).ThenBy(s => s.Revision).ToList();
            svg.Append(CultureInfo.InvariantCulture, $"<g class=\"source\" data-source=\"{Enc(source)}\">");
            var path = new StringBuilder();
            for (var i = 0; i < own.Count; i++)
            {
                var s = own[i];
                var x1 = X(s.ReportedAt);
                var x2 = i + 1 < own.Count ? X(own[i + 1].ReportedAt) : X(end);
                var (lo, hi) = (s.Value.Low ?? 0, s.Value.High is { } h ? (double)h : top);
                if (hi > lo)
                    svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"band\" x=\"{N(x1)}\" y=\"{N(Y(hi))}\" width=\"{N(x2 - x1)}\" height=\"{N(Y(lo) - Y(hi))}\" fill=\"{colour}\" fill-opacity=\"0.15\"/>");
                var y = Y(Point(s.Value));
                path.Append(CultureInfo.InvariantCulture, $"{(i == 0 ? "M" : "V")}{(i == 0 ? $"{N(x1)} {N(y)}" : N(y))} H{N(x2)} ");
                svg.Append(CultureInfo.InvariantCulture,
                    $"<circle class=\"step\" data-revision=\"{s.Revision}\" cx=\"{N(x1)}\" cy=\"{N(y)}\" r=\"3.5\" fill=\"{colour}\"><title>{Enc($"r{s.Revision} {source}: {FigureValues.Describe(s.Value)}, reported {s.ReportedAt:yyyy-MM-dd HH:mm zzz}")}</title></circle>");
                if (s.CorrectedBy is { } by)
                    svg.Append(CultureInfo.InvariantCulture,
                        $"<path class=\"marker correction\" d=\"M{N(x1)} {N(y - 8)} l6 8 l-6 8 l-6 -8 z\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\"><title>{Enc($"r{s.Revision} corrected by r{by}")}</title></path>");
            }
            if (path.Length > 0)
                svg.Append(CultureInfo.InvariantCulture, $"<path class=\"line\" d=\"{path.ToString().TrimEnd()}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\"/>");
            foreach (var r in t.Steps.Where(s => s.Source == source && s.Retracted))
            {
                var (x, y) = (X(r.ReportedAt), Y(Point(r.Value)));
                svg.Append(CultureInfo.InvariantCulture,
                    $"<path class=\"marker retraction\" d=\"M{N(x - 6)} {N(y - 6)} l12 12 m0 -12 l-12 12\" stroke=\"{colour}\" stroke-width=\"2.5\"><title>{Enc($"r{r.Revision} {source}: {FigureValues.Describe(r.Value)}, retracted")}</title></path>");
            }
            svg.Append("</g>");
        }
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static double NiceCeiling(double v)
    {
        if (v <= 0) return 10;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(v)));
        foreach (var m in new[] { 1, 2, 2.5, 5, 10 })
            if (m * magnitude >= v) return m * magnitude;
        return 10 * magnitude;
    }
}
