namespace FactTracker.Extraction;

internal sealed partial class Passage
{
    /// <summary>
    /// Why a quantity is not a count of harmed people (a date, a time, an age, money, a share, a count of things,
    /// a code, an addition, a superseded value), or null when it may be one.
    /// </summary>
    internal string? NotACount(Quantity q)
    {
        int s = q.Start, c = q.CoreStart, e = q.End;
        var next = tokens.SameSentence(c, e) ? e : -1;
        var previous = tokens.SameSentence(s - 1, s) ? s - 1 : -1;
        var beforeCore = tokens.SameSentence(c - 1, c) ? c - 1 : -1;

        if (q.YearLike && !(lexicon.Subjects.MatchAt(tokens, next, out _, out _) || lexicon.Metrics.MatchAt(tokens, next, out _, out _)))
            return "year";

        // "January 6", "Jan. 6" (but not the 12 in "6 January 12 people were killed"), "6 January", "Thursday 6".
        var month = tokens.IsPunct(beforeCore, '.') ? beforeCore - 1 : beforeCore;
        if (month >= 0 && IsMonth(month) && tokens.SameSentence(month, c) && tokens.Kind(month - 1) != TokenKind.Number) return "date";
        if (next >= 0 && (IsMonth(next) || (lexicon.Is(tokens.Id(next), WordClass.Of) && IsMonth(next + 1)))) return "date";
        if (beforeCore >= 0 && lexicon.Is(tokens.Id(beforeCore), WordClass.Weekday) && !IsPunctuated(beforeCore, c)) return "date";

        // "10:30", "10 pm", "0800 GMT".
        if (next >= 0 && tokens.IsPunct(next, ':') && !tokens[next].SpaceBefore && tokens.Kind(next + 1) == TokenKind.Number && !tokens[next + 1].SpaceBefore)
            return "time";
        if (beforeCore >= 0 && tokens.IsPunct(beforeCore, ':') && !tokens[c].SpaceBefore && !tokens[beforeCore].SpaceBefore && tokens.Kind(beforeCore - 1) == TokenKind.Number)
            return "time";
        if (next >= 0 && lexicon.TimeAfter.MatchAt(tokens, next, out _, out _)) return "time";

        // "aged between 18 and 25", "a 34-year-old", "children under 5".
        if (previous >= 0 && lexicon.AgeBefore.MatchEndingAt(tokens, previous, out _, out _)) return "age";
        if (next >= 0 && lexicon.AgeAfter.MatchAt(tokens, next, out _, out _)) return "age";
        if (s != c && lexicon.AgeLimits.MatchAt(tokens, s, out _, out _) && previous >= 0
            && (lexicon.Subjects.MatchEndingAt(tokens, previous, out _, out _) || lexicon.AgeBefore.MatchEndingAt(tokens, previous, out _, out _)))
            return "age";

        if (next >= 0 && lexicon.PercentAfter.MatchAt(tokens, next, out _, out _)) return "percentage";

        if (lexicon.Is(tokens.Id(beforeCore), WordClass.CurrencySymbol) || lexicon.Is(tokens.Id(previous), WordClass.CurrencySymbol)
            || (next >= 0 && lexicon.CurrencyWords.MatchAt(tokens, next, out _, out _)))
            return "money";

        if (next >= 0 && CountsThings(next)) return "count of things";

        // "Article 5", "Flight 370", "No. 7".
        var label = tokens.IsPunct(previous, '.') && !tokens[previous].SpaceBefore ? previous - 1 : previous;
        if (label >= 0 && tokens.SameSentence(label, s) && lexicon.Is(tokens.Id(label), WordClass.LabelBefore)
            && (char.IsUpper(tokens.FirstChar(label)) || label != previous))
            return "label";

        // "COVID-19", "24/7", "06/01/2022", "+7 727".
        if (beforeCore >= 0 && !tokens[c].SpaceBefore && (tokens.IsPunct(beforeCore, '-') || tokens.IsPunct(beforeCore, '/') || tokens.IsPunct(beforeCore, '+'))
            && (tokens.IsPunct(beforeCore, '+') || (!tokens[beforeCore].SpaceBefore && tokens.Kind(beforeCore - 1) is TokenKind.Word or TokenKind.Number or TokenKind.Opaque)))
            return "code";
        if (next >= 0 && tokens.IsPunct(next, '/') && !tokens[next].SpaceBefore) return "code";

        // "a 12-hour curfew", "a 3-day strike".
        if (next >= 0 && tokens.IsPunct(next, '-') && !tokens[next].SpaceBefore && tokens.Kind(next + 1) == TokenKind.Word
            && !tokens[next + 1].SpaceBefore && !lexicon.Is(tokens.Id(next + 1), WordClass.NumberWord))
            return "compound adjective";

        // "another 12", "12 more": an addition to a count, not the count.
        // ("hundreds more injured" counts others, not an addition.)
        if (lexicon.Is(tokens.Id(previous), WordClass.DeltaBefore) || (next >= 0 && !q.Vague && lexicon.Is(tokens.Id(next), WordClass.DeltaAfter)))
            return "addition";

        // "up from 30", "a previous toll of 30".
        if (lexicon.Is(tokens.Id(previous), WordClass.OldValueBefore)) return "superseded value";
        if (previous >= 0 && lexicon.Is(tokens.Id(previous), WordClass.Of))
            for (var k = previous - 1; k >= previous - 3 && tokens.SameSentence(k, s) && tokens.Kind(k) == TokenKind.Word; k--)
                if (lexicon.Is(tokens.Id(k), WordClass.OldValueBefore)) return "superseded value";

        if (lexicon.Is(tokens.Id(previous), WordClass.NoneBefore)) return "none";
        if (tokens.IsPunct(previous, '(') && tokens.IsPunct(next, ')')) return "in brackets";

        // "1 in 5", "12 out of 30".
        if (next >= 0 && lexicon.RatioWords.MatchAt(tokens, next, out _, out var ratioEnd) && parser.CanStart(ratioEnd) && tokens.SameSentence(c, ratioEnd))
            return "ratio";

        // "1. Police said …": a numbered list item.
        if (!tokens.SameSentence(s - 1, s) && next >= 0 && (tokens.IsPunct(next, '.') || tokens.IsPunct(next, ')')) && !tokens[next].SpaceBefore)
            return "list number";
        return null;
    }

    private bool IsPunctuated(int from, int to)
    {
        for (var k = from; k <= to; k++)
            if (tokens.Kind(k) == TokenKind.Punct) return true;
        return false;
    }

    /// <summary>"85 homes", "dozens of buildings", "3 separate incidents".</summary>
    private bool CountsThings(int j)
    {
        if (lexicon.Is(tokens.Id(j), WordClass.Of)) j++;
        if (lexicon.Is(tokens.Id(j), WordClass.Determiner)) j++;
        if (lexicon.Is(tokens.Id(j), WordClass.ThingNoun)) return true;
        // One unknown adjective first.
        return tokens.Kind(j) == TokenKind.Word && tokens.Id(j) == Lexicon.Unknown
               && tokens.SameSentence(j, j + 1) && lexicon.Is(tokens.Id(j + 1), WordClass.ThingNoun);
    }
}
