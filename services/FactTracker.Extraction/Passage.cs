using FactTracker.Contracts;
using FactTracker.Figures;

namespace FactTracker.Extraction;

/// <summary>How a number reached its metric: the metric, the tokens that name it, and which rule linked them.</summary>
internal readonly record struct MetricLink(string Metric, int From, int To, string Rule, string? Subject = null);

/// <summary>
/// One text being read: tokens once, then every quantity in order, each checked against the non-count rules,
/// linked to a metric, given a subject and a source.
/// </summary>
internal sealed partial class Passage
{
    // How far the rules look around a number, in tokens. Fixed windows keep the engine linear in the text.
    private const int LeftReach = 10;
    private const int RightReach = 16;
    private const int InheritReach = 40;

    private readonly TokenList tokens;
    private readonly Lexicon lexicon;
    private readonly QuantityParser parser;
    private readonly string text;
    private readonly string? defaultSource;

    public Passage(string text, Lexicon lexicon, string? defaultSource)
    {
        this.text = text;
        this.lexicon = lexicon;
        this.defaultSource = defaultSource;
        tokens = Tokenizer.Scan(text, lexicon);
        parser = new QuantityParser(tokens, lexicon);
    }

    public List<ExtractedClaim> Claims()
    {
        var claims = new List<ExtractedClaim>();
        var lastSentence = -1;
        string? lastMetric = null;
        for (var i = 0; i < tokens.Count;)
        {
            if (!parser.CanStart(i) || !parser.TryParse(i, out var q))
            {
                i++;
                continue;
            }
            i = Math.Max(i + 1, q.End);
            if (q.NotACount || NotACount(q) is not null) continue;

            var sentence = tokens[q.CoreStart].Sentence;
            if (sentence != lastSentence) (lastSentence, lastMetric) = (sentence, null);
            if (Link(q, lastMetric) is not { } link) continue;
            if (Claim(q, link) is { } claim)
            {
                claims.Add(claim);
                lastMetric = link.Metric;
            }
        }
        claims.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : a.End.CompareTo(b.End));
        return claims;
    }

    private ExtractedClaim? Claim(Quantity q, MetricLink link)
    {
        var first = Math.Min(q.Start, link.From);
        var last = Math.Max(q.End, link.To);
        var start = tokens[first].Start;
        var end = tokens[last - 1].End;
        (start, end) = WithQuoteMarks(start, end);
        if (start < 0 || end > text.Length || start >= end) return null;

        var words = q.PlainDigits ? null : tokens.Slice(q.Start, q.CoreEnd);
        if (words is { Length: > FigureValues.MaxWordsLength }) words = null;
        if (FigureValues.TryNormalize(new FigureValue(q.Kind, q.Low, q.High, words), out var value) is not null) return null;

        var (source, sourceRule) = SourceFor(q.CoreStart);
        var rule = $"{link.Rule}; value: {q.Reason}; source: {sourceRule}";
        return new ExtractedClaim(link.Metric, Subject(q, link), value, text[start..end], start, end, source, rule);
    }

    /// <summary>“dozens” of demonstrators killed: an opening quote mark whose closing one is in the quote belongs to it.</summary>
    private (int Start, int End) WithQuoteMarks(int start, int end)
    {
        if (start <= 0) return (start, end);
        var closing = text[start - 1] switch
        {
            '“' => '”',
            '"' => '"',
            '‘' => '’',
            '«' => '»',
            _ => '\0',
        };
        return closing != '\0' && text.AsSpan(start, end - start).Contains(closing) ? (start - 1, end) : (start, end);
    }

    // ---- Linking a number to its metric ----------------------------------------------------------

    private MetricLink? Link(Quantity q, string? lastMetric)
    {
        var (left, leftBlocked, totalNounAt) = LeftLink(q);
        if (leftBlocked) return null;
        if (left is not null) return left;

        var (right, rightBlocked) = RightLink(q, coordinated: true);
        if (rightBlocked) return null;
        if (right is not null) return right;

        // "12 people were killed, including 3 children": the count inside shares the metric before it.
        if (lastMetric is not null && lexicon.InclusionMarkers.MatchEndingAt(tokens, q.Start - 1, out _, out var inclusion)
            && tokens.SameSentence(inclusion, q.Start))
            return new MetricLink(lastMetric, inclusion, q.Start, $"part of the {lastMetric} count before it ('{tokens.Slice(inclusion, q.Start)}')");

        // "1,244 people injured, 86 of them police officers": a named group within the count before it.
        if (lastMetric is not null && lexicon.InclusionMarkers.MatchAt(tokens, q.End, out _, out var groupAt) && tokens.SameSentence(q.End, groupAt))
        {
            for (var k = groupAt; k < groupAt + 3 && tokens.SameSentence(k, q.End); k++)
            {
                if (lexicon.Subjects.MatchAt(tokens, k, out var slug, out var groupEnd))
                {
                    if (slug == lexicon.Language.DefaultSubject) break;
                    return new MetricLink(lastMetric, q.Start, groupEnd, $"a group within the {lastMetric} count before it ('{tokens.Slice(q.End, groupEnd)}')", slug);
                }
                if (tokens.Kind(k) != TokenKind.Word || !lexicon.Is(tokens.Id(k), WordClass.RightFiller | WordClass.PhraseStop)) break;
            }
        }

        // "bringing the total to 230": the metric is named earlier.
        if (totalNounAt >= 0 && Inherited(totalNounAt, q.CoreStart) is { } inherited)
            return new MetricLink(inherited.Metric, totalNounAt, q.Start,
                $"total takes the metric named before it ('{tokens.Slice(inherited.From, inherited.To)}' … '{tokens.Slice(totalNounAt, q.Start)}')");
        return null;
    }

    /// <summary>"killing dozens", "the death toll has risen to 45", "injuring hundreds".</summary>
    private (MetricLink? Link, bool Blocked, int TotalNounAt) LeftLink(Quantity q)
    {
        var j = q.Start - 1;
        var bridges = 0;
        var asideSkipped = false;
        for (var steps = 0; steps < LeftReach && tokens.SameSentence(j, q.Start); steps++)
        {
            if (lexicon.Metrics.MatchEndingAt(tokens, j, out var metric, out var from) && !metric.AfterNumberOnly)
            {
                // "people hospitalized with injuries rose to 1,020": the metric the phrase qualifies comes first.
                var stop = lexicon.Is(tokens.Id(from), WordClass.PhraseStop) ? from : lexicon.Is(tokens.Id(from - 1), WordClass.PhraseStop) ? from - 1 : -1;
                if (stop > 0 && lexicon.Metrics.MatchEndingAt(tokens, stop - 1, out var outer, out var outerFrom) && tokens.SameSentence(outerFrom, q.Start))
                    (metric, from) = (outer, outerFrom);
                return (new MetricLink(metric.Metric, from, j + 1, $"metric before the number ('{tokens.Slice(from, j + 1)}')"), false, -1);
            }
            if (lexicon.TotalNouns.MatchEndingAt(tokens, j, out _, out var total))
                return (null, false, total);
            if (IsModal(j)) return (null, true, -1);
            // "has risen sharply to", "killed all 157".
            if (lexicon.Is(tokens.Id(j), WordClass.LeftBridge) || IsQuoteMark(j) || IsAdverb(j))
            {
                bridges++;
                j--;
                continue;
            }
            // "rose by 12 to 45": step over the increase.
            if (tokens.Kind(j) == TokenKind.Number && lexicon.Is(tokens.Id(j - 1), WordClass.DeltaBefore))
            {
                j -= 2;
                continue;
            }
            // "Those killed, aged between 18 and 25, numbered 12": step back over the aside.
            if (tokens.IsPunct(j, ',') && bridges > 0 && !asideSkipped && AsideStart(j) is var opening and > 0 && tokens.SameSentence(opening, q.Start))
            {
                asideSkipped = true;
                j = opening - 1;
                continue;
            }
            break;
        }

        // "the death toll from the floods has risen to 45": a short phrase after the metric noun.
        if (bridges > 0)
        {
            for (var k = j; k > j - 10 && tokens.SameSentence(k, q.Start) && InPhrase(k); k--)
            {
                if (!lexicon.Is(tokens.Id(k), WordClass.PhraseStop)) continue;
                if (lexicon.Metrics.MatchEndingAt(tokens, k - 1, out var metric, out var from) && tokens.SameSentence(from, q.Start))
                    return (new MetricLink(metric.Metric, from, k, $"metric noun before the number ('{tokens.Slice(from, k)}')"), false, -1);
                if (lexicon.TotalNouns.MatchEndingAt(tokens, k - 1, out _, out var total) && tokens.SameSentence(total, q.Start))
                    return (null, false, total);
            }
        }
        return (null, false, -1);
    }

    /// <summary>"748 people were injured", "18 members of the security forces were killed", "31 dead".</summary>
    private (MetricLink? Link, bool Blocked) RightLink(Quantity q, bool coordinated)
    {
        var j = q.End;
        var modifiers = 4;
        var afterVerb = false;
        var person = false;
        for (var steps = 0; steps < RightReach && tokens.SameSentence(j, q.CoreStart); steps++)
        {
            if (lexicon.Metrics.MatchAt(tokens, j, out var metric, out var end))
                return (new MetricLink(metric.Metric, q.Start, end, $"metric after the number ('{tokens.Slice(j, end)}')"), false);

            var t = tokens[j];
            if (t.Kind == TokenKind.Punct)
            {
                if (IsQuoteMark(j))
                {
                    j++;
                    continue;
                }
                // "5,135 people, including foreign nationals, have been detained": step over the aside.
                if (tokens.IsPunct(j, ',') && AsideEnd(j) is var afterAside && afterAside > j
                    && (lexicon.Is(tokens.Id(afterAside), WordClass.RightFiller) || lexicon.Metrics.StartsWith(tokens.Id(afterAside))))
                {
                    j = afterAside;
                    afterVerb = false;
                    continue;
                }
                break;
            }
            if (t.Kind != TokenKind.Word) break;
            if (IsModal(j)) return (null, true);
            // "Two journalists are among those missing".
            if (lexicon.InclusionMarkers.MatchAt(tokens, j, out _, out var groupStart) && lexicon.Metrics.MatchAt(tokens, groupStart, out var group, out var groupEnd2))
                return (new MetricLink(group.Metric, q.Start, groupEnd2, $"counted among a group ('{tokens.Slice(j, groupEnd2)}')"), false);
            // "Eight police officers and two soldiers were killed": the next count's metric is shared.
            if (coordinated && modifiers == 4 && !afterVerb && lexicon.Is(t.Id, WordClass.NumberJoiner) && parser.CanStart(j + 1) && tokens.SameSentence(j, j + 1)
                && parser.TryParse(j + 1, out var partner) && !partner.NotACount)
            {
                var (shared, blocked) = RightLink(partner, coordinated: false);
                if (blocked) return (null, true);
                if (shared is { } s)
                    return (s with { From = q.Start, Rule = $"metric shared with the count after 'and' ({s.Rule})" }, false);
                break;
            }
            // "Two police officers and a civilian were killed".
            if (coordinated && modifiers == 4 && !afterVerb && person && lexicon.Is(t.Id, WordClass.NumberJoiner)
                && lexicon.Is(tokens.Id(j + 1), WordClass.Determiner))
            {
                j += 2;
                continue;
            }
            if (lexicon.Subjects.MatchAt(tokens, j, out _, out var subjectEnd))
            {
                j = subjectEnd;
                person = true;
                continue;
            }
            if (lexicon.Is(t.Id, WordClass.Of))
            {
                // "12 of those arrested were released": the metric describes a larger group, not these 12.
                if (lexicon.Is(tokens.Id(j + 1), WordClass.SubsetMarker) && lexicon.Metrics.MatchAt(tokens, j + 2, out _, out var groupEnd))
                {
                    j = groupEnd;
                    continue;
                }
                j++;
                continue;
            }
            if (lexicon.Is(t.Id, WordClass.Determiner))
            {
                j++;
                continue;
            }
            if (lexicon.Is(t.Id, WordClass.RightFiller))
            {
                afterVerb = true;
                j++;
                continue;
            }
            if (lexicon.Is(t.Id, WordClass.PhraseStop)) break;
            // "85 homes" ends here; "nine members of the same family" goes on.
            if (lexicon.Is(t.Id, WordClass.ThingNoun) && !person) break;
            if (afterVerb)
            {
                // "were seriously injured"
                if (IsAdverb(j)) { j++; continue; }
                break;
            }
            if (--modifiers < 0) break;
            j++;
        }
        return (null, false);
    }

    /// <summary>Words, numbers, quote marks and abbreviation points: what "from the floods on Jan. 6" is made of.</summary>
    private bool InPhrase(int k) =>
        tokens.Kind(k) is TokenKind.Word or TokenKind.Number || IsQuoteMark(k) || (tokens.IsPunct(k, '.') && !tokens[k].SpaceBefore);

    /// <summary>The comma that opens an aside closed by the comma at <paramref name="comma"/>, or -1.</summary>
    private int AsideStart(int comma)
    {
        for (var k = comma - 1; k >= comma - 10 && tokens.SameSentence(k, comma); k--)
        {
            if (tokens.IsPunct(k, ',')) return k < comma - 1 ? k : -1;
            if (tokens.Kind(k) == TokenKind.Punct && !IsQuoteMark(k) && !tokens.IsPunct(k, '-')) return -1;
        }
        return -1;
    }

    /// <summary>The token after the comma that closes an aside opened at <paramref name="comma"/>, or -1.</summary>
    private int AsideEnd(int comma)
    {
        for (var k = comma + 1; k <= comma + 10 && tokens.SameSentence(k, comma); k++)
        {
            if (tokens.IsPunct(k, ',')) return k > comma + 1 && tokens.SameSentence(k + 1, comma) ? k + 1 : -1;
            if (tokens.Kind(k) == TokenKind.Punct && !IsQuoteMark(k) && !tokens.IsPunct(k, '-')) return -1;
        }
        return -1;
    }

    /// <summary>The nearest metric named before a total noun, in its sentence or the one before.</summary>
    private MetricLink? Inherited(int totalNounAt, int number)
    {
        var sentence = tokens[number].Sentence;
        for (var k = totalNounAt - 1; k >= 0 && k >= totalNounAt - InheritReach && tokens[k].Sentence >= sentence - 1; k--)
        {
            if (lexicon.Metrics.MatchEndingAt(tokens, k, out var metric, out var from))
                return new MetricLink(metric.Metric, from, k + 1, "");
        }
        return null;
    }

    private bool IsQuoteMark(int j) => tokens.Kind(j) == TokenKind.Punct && tokens.FirstChar(j) is '"' or '“' or '”' or '‘' or '’' or '\'' or '«' or '»';

    private bool IsModal(int j) => lexicon.Is(tokens.Id(j), WordClass.Modal) && !IsMonth(j);

    private bool IsMonth(int j) =>
        lexicon.Is(tokens.Id(j), WordClass.Month)
        && (!lexicon.Is(tokens.Id(j), WordClass.AmbiguousMonth) || char.IsUpper(tokens.FirstChar(j)));

    private bool IsAdverb(int j)
    {
        if (tokens[j] is not { Kind: TokenKind.Word } t || t.End - t.Start < 5) return false;
        foreach (var ending in lexicon.Language.AdverbEndings)
            if (tokens.Span(j).EndsWith(ending, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    // ---- Subject ----------------------------------------------------------------------------------

    private string Subject(Quantity q, MetricLink link)
    {
        if (link.Subject is { } named) return named;
        if (SubjectAfter(q.End, q.CoreStart) is { } after) return after;
        // "the number of demonstrators killed rose to 50", "police officers wounded in the clashes numbered 1,300"
        // (but not "police killed 12": there the group before the verb did the killing).
        if (link.From < q.Start && lexicon.Subjects.MatchEndingAt(tokens, link.From - 1, out var slug, out var at)
            && (lexicon.Is(tokens.Id(at - 1), WordClass.Of) || link.To < q.Start) && tokens.SameSentence(at, q.Start))
            return slug;
        return lexicon.Language.DefaultSubject;
    }

    /// <summary>"18 members of the security forces": the most specific group named right after the number.</summary>
    private string? SubjectAfter(int j, int number)
    {
        string? found = null;
        var modifiers = 3;
        for (var steps = 0; steps < 8 && tokens.SameSentence(j, number); steps++)
        {
            if (lexicon.Subjects.MatchAt(tokens, j, out var slug, out var end))
            {
                if (slug != lexicon.Language.DefaultSubject) return slug;
                found = slug;
                j = end;
                continue;
            }
            var t = tokens[j];
            if (IsQuoteMark(j) || lexicon.Is(t.Id, WordClass.Of | WordClass.Determiner))
            {
                j++;
                continue;
            }
            if (t.Kind != TokenKind.Word || lexicon.Metrics.StartsWith(t.Id)
                || lexicon.Is(t.Id, WordClass.RightFiller | WordClass.PhraseStop | WordClass.ThingNoun) || --modifiers < 0)
                break;
            j++;
        }
        return found;
    }
}
