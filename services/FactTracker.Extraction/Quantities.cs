using FactTracker.Figures;

namespace FactTracker.Extraction;

/// <summary>The number itself, without qualifier: "748", "2.5 million", "four hundred and twelve", "dozens".</summary>
internal readonly record struct Core(int Start, int End, long Low, long High, bool Vague, bool Approximate, long Scale, bool NotACount, bool YearLike);

/// <summary>A quantity phrase: qualifier + number, a range, or a revision ("to 640 from 748").</summary>
/// <param name="Start">First token, the qualifier's if there is one.</param>
/// <param name="End">Exclusive; after any absorbed superseded value.</param>
/// <param name="Reason">Why the kind: "more than", "vague term", "range", "revision".</param>
internal readonly record struct Quantity(
    int Start,
    int End,
    int CoreStart,
    int CoreEnd,
    string Kind,
    long? Low,
    long? High,
    bool PlainDigits,
    bool NotACount,
    bool YearLike,
    string Reason,
    bool Vague = false);

/// <summary>Reads quantities at a token: the grammar of numbers as words and digits, qualifiers, ranges and revisions.</summary>
internal sealed class QuantityParser(TokenList tokens, Lexicon lexicon)
{
    // No casualty count reaches this; larger numbers are treated as not counts (and never overflow).
    private const long MaxCount = 100_000_000_000;

    public bool CanStart(int i) =>
        tokens.Kind(i) == TokenKind.Number || lexicon.Is(tokens.Id(i), WordClass.QuantityStart);

    public bool TryParse(int i, out Quantity quantity)
    {
        quantity = default;
        var kind = ValueKinds.Exact;
        string? qualifier = null;
        var j = i;
        // Up to two qualifiers: "a total of more than 300".
        for (var n = 0; n < 2 && lexicon.Qualifiers.MatchAt(tokens, j, out var k, out var end); n++)
        {
            if (k != ValueKinds.Exact) kind = k;
            qualifier = tokens.Slice(i, end);
            j = end;
        }

        if (lexicon.Is(tokens.Id(j), WordClass.RangeOpener) && tokens.SameSentence(i, j + 1))
        {
            var isFrom = lexicon.Is(tokens.Id(j), WordClass.From);
            if (TryCore(j + 1, out var a) && JoinerAt(a.End, isFrom ? WordClass.To : WordClass.NumberJoiner | WordClass.RangeJoiner, out var afterJoiner)
                && TryCore(afterJoiner, out var b))
            {
                if (isFrom && ChangeBefore(j))
                {
                    // "rose from 30 to 45": 45 now, 30 before.
                    quantity = Single(j, b, ValueKinds.Exact, null) with { Start = i, Reason = $"revision, now this (was {a.Low})" };
                    return true;
                }
                quantity = Range(i, a, b);
                return true;
            }
            // "between" or "from" without a range: nothing here ("up from 30" is checked where 30 is read).
            return false;
        }

        if (!TryCore(j, out var core))
            return false;

        // "20 to 30", "20-30", "two or three" (not "12 and 30": those are two figures).
        // ("rose by 12 to 45" is an increase and a total.)
        if (kind is ValueKinds.Exact or ValueKinds.Approximate && !lexicon.Is(tokens.Id(i - 1), WordClass.DeltaBefore)
            && JoinerAt(core.End, WordClass.RangeJoiner, out var next, allowAnd: false)
            && TryCore(next, out var high))
        {
            quantity = Range(i, core, high);
            return true;
        }

        quantity = Single(i, core, kind, qualifier);
        // "revised down to 640 from 748": the earlier value belongs to this phrase and is no claim of its own.
        if (lexicon.Is(tokens.Id(core.End), WordClass.From) && tokens.SameSentence(core.End, core.End + 1) && TryCore(core.End + 1, out var old))
            quantity = quantity with { End = old.End, Reason = $"{quantity.Reason}; revision, now this (was {old.Low})" };
        return true;
    }

    /// <summary>"rose from", "raised the toll from", "revised the number of injured from": a change verb shortly before.</summary>
    private bool ChangeBefore(int j)
    {
        for (var k = j - 1; k >= j - 6 && tokens.SameSentence(k, j) && tokens.Kind(k) == TokenKind.Word; k--)
            if (lexicon.Is(tokens.Id(k), WordClass.Change)) return true;
        return false;
    }

    private Quantity Single(int start, Core core, string kind, string? qualifier)
    {
        var words = qualifier ?? "";
        var plainDigits = qualifier is null && !core.Vague && !core.Approximate && core.End - core.Start == 1 && tokens.Kind(core.Start) == TokenKind.Number;
        (string Kind, long? Low, long? High, string Reason) v = kind switch
        {
            ValueKinds.AtLeast => (kind, core.Low, null, $"at least: '{words}'"),
            ValueKinds.AtMost => (kind, null, core.High, $"at most: '{words}'"),
            ValueKinds.Approximate => (kind, core.Low, core.High, $"approximate: '{words}'"),
            _ when core.Vague => (ValueKinds.Approximate, core.Low, core.High, "vague term"),
            _ when core.Approximate => (ValueKinds.Approximate, core.Low, core.High, "count noun ('dozen')"),
            _ => (ValueKinds.Exact, core.Low, core.High, "exact number"),
        };
        return new Quantity(start, core.End, core.Start, core.End, v.Kind, v.Low, v.High, plainDigits, core.NotACount, core.YearLike, v.Reason, core.Vague);
    }

    private Quantity Range(int start, Core a, Core b)
    {
        var low = a.Low;
        // "between 2 and 3 million": the scale of the upper end applies to the lower one.
        if (a.Scale == 1 && b.Scale > 1 && !a.Vague && low <= MaxCount / b.Scale && low * b.Scale <= b.High) low *= b.Scale;
        var bad = a.NotACount || b.NotACount || low > b.High;
        return new Quantity(start, b.End, a.Start, b.End, ValueKinds.Range, low, b.High, false, bad, a.YearLike || b.YearLike, "range", a.Vague || b.Vague);
    }

    private bool JoinerAt(int j, WordClass joiner, out int next, bool allowAnd = true)
    {
        next = j + 1;
        if (!tokens.SameSentence(j - 1, j) || !tokens.SameSentence(j, j + 1)) return false;
        var id = tokens.Id(j);
        if (!lexicon.Is(id, joiner)) return false;
        if (!allowAnd && lexicon.Is(id, WordClass.NumberJoiner)) return false;
        return true;
    }

    /// <summary>A number (digits or words) or a vague term at token <paramref name="i"/>.</summary>
    public bool TryCore(int i, out Core core)
    {
        core = default;
        if (lexicon.VagueTerms.MatchAt(tokens, i, out var vague, out var vagueEnd))
        {
            core = new Core(i, vagueEnd, vague.Low, vague.High, true, true, 1, false, false);
            return true;
        }
        return tokens.Kind(i) == TokenKind.Number ? TryDigits(i, out core) : TryWords(i, out core);
    }

    private bool TryDigits(int i, out Core core)
    {
        core = default;
        var span = tokens.Span(i);
        long whole = 0;
        var fraction = 0m;
        var fractionScale = 1m;
        var k = 0;
        var digits = 0;
        var separators = false;
        for (; k < span.Length && (char.IsAsciiDigit(span[k]) || lexicon.IsGroupSeparator(span[k])); k++)
        {
            if (!char.IsAsciiDigit(span[k])) { separators = true; continue; }
            if (++digits > 15) return false;
            whole = whole * 10 + (span[k] - '0');
        }
        var leadingZero = span.Length > 1 && span[0] == '0' && k > 1;
        var hasFraction = false;
        if (k < span.Length && span[k] == lexicon.DecimalMark)
        {
            for (k++; k < span.Length && char.IsAsciiDigit(span[k]); k++)
            {
                if (fractionScale > 1e12m) continue;
                fractionScale *= 10;
                fraction += (span[k] - '0') / fractionScale;
                hasFraction |= span[k] != '0';
            }
        }
        long scale = 1;
        if (k < span.Length) scale = lexicon.ScaleSuffix(span[k..]);
        if (scale == 0) return false;

        var end = i + 1;
        // "2.5 million", "12 hundred", "1.2 billion".
        var tooLarge = false;
        while (tokens.SameSentence(i, end) && lexicon.Is(tokens.Id(end), WordClass.Scale | WordClass.GroupMultiplier))
        {
            var factor = Math.Max(1, lexicon.Value(tokens.Id(end)));
            if (scale > MaxCount / factor) tooLarge = true;
            else scale *= factor;
            end++;
        }
        var approximate = false;
        if (tokens.SameSentence(i, end) && lexicon.Is(tokens.Id(end), WordClass.CountNoun))
        {
            // "two dozen" is a round figure.
            scale *= lexicon.Value(tokens.Id(end));
            approximate = true;
            end++;
        }
        var value = (whole + fraction) * scale;
        var notACount = tooLarge || leadingZero || (hasFraction && scale == 1) || value > MaxCount;
        var rounded = (long)Math.Round(Math.Min(value, MaxCount + 1));
        var yearLike = !separators && digits == 4 && !hasFraction && scale == 1 && span.Length == 4 && whole is >= 1000 and <= 2999;
        core = new Core(i, end, rounded, rounded, false, approximate, scale, notACount, yearLike);
        return true;
    }

    /// <summary>"Eleven", "four hundred and twelve", "a thousand", "twenty-five", "two dozen".</summary>
    private bool TryWords(int i, out Core core)
    {
        core = default;
        long total = 0, group = 0, scaleSeen = 1;
        var any = false;
        var approximate = false;
        var j = i;
        var lastWasTens = false;
        var lastWasMultiplier = false;
        while (tokens.SameSentence(i, j))
        {
            var id = tokens.Id(j);
            if (tokens.Kind(j) != TokenKind.Word && !(tokens.IsPunct(j, '-') && lastWasTens)) break;
            if (tokens.IsPunct(j, '-'))
            {
                // "twenty-five": a hyphen joins tens and units only.
                if (tokens[j].SpaceBefore || tokens[j + 1].SpaceBefore || !lexicon.Is(tokens.Id(j + 1), WordClass.NumberWord) || lexicon.Value(tokens.Id(j + 1)) >= 10) break;
                j++;
                continue;
            }
            if (lexicon.Is(id, WordClass.NumberWord))
            {
                var v = lexicon.Value(id);
                var small = group % 100;
                if (small != 0 && !(lastWasTens && v < 10)) break;
                group += v;
                lastWasTens = v >= 20;
                lastWasMultiplier = false;
                any = true;
                j++;
            }
            else if (lexicon.Is(id, WordClass.GroupMultiplier))
            {
                if (!any || group == 0 || group >= 100) break;
                group *= lexicon.Value(id);
                lastWasTens = false;
                lastWasMultiplier = true;
                j++;
            }
            else if (lexicon.Is(id, WordClass.Scale))
            {
                var scale = lexicon.Value(id);
                if (!any || group == 0 || (total != 0 && scale >= scaleSeen)) break;
                total += group * scale;
                scaleSeen = scale;
                group = 0;
                lastWasTens = false;
                lastWasMultiplier = true;
                j++;
            }
            else if (lexicon.Is(id, WordClass.OneBefore) && !any)
            {
                // "a thousand", "a hundred": "a" counts only before a multiplier.
                if (!lexicon.Is(tokens.Id(j + 1), WordClass.GroupMultiplier | WordClass.Scale) || !tokens.SameSentence(j, j + 1)) return false;
                group = 1;
                any = true;
                j++;
            }
            else if (lexicon.Is(id, WordClass.NumberJoiner) && any && lastWasMultiplier
                     && lexicon.Is(tokens.Id(j + 1), WordClass.NumberWord) && tokens.SameSentence(j, j + 1))
            {
                j++;
            }
            else if (lexicon.Is(id, WordClass.CountNoun) && any)
            {
                group *= lexicon.Value(id);
                approximate = true;
                j++;
                break;
            }
            else break;
        }
        if (!any) return false;
        var value = total + group;
        core = new Core(i, j, value, value, false, approximate, scaleSeen, value > MaxCount, false);
        return true;
    }
}
