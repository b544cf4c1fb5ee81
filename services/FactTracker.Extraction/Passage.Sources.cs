namespace FactTracker.Extraction;

internal sealed partial class Passage
{
    // Attribution is looked for within this many tokens of the number, in its sentence.
    private const int SourceReach = 80;
    private const int MaxSourceWords = 12;

    /// <summary>
    /// The source the sentence gives the figure ("according to X", "X said", "said X", "X put the figure at"),
    /// the nearest if there are several; otherwise the update's own source.
    /// </summary>
    private (string? Source, string Rule) SourceFor(int number)
    {
        string? best = null;
        var bestRule = "";
        var bestDistance = int.MaxValue;
        var from = Math.Max(0, number - SourceReach);
        var to = Math.Min(tokens.Count, number + SourceReach);
        for (var k = from; k < to; k++)
        {
            if (!tokens.SameSentence(k, number)) continue;
            string? source = null;
            string rule;
            if (lexicon.AccordingTo.MatchAt(tokens, k, out _, out var afterPhrase))
            {
                source = SourceAfter(afterPhrase, number);
                rule = $"'{tokens.Slice(k, afterPhrase)}'";
            }
            else if (lexicon.SpeechVerbs.MatchAt(tokens, k, out _, out var afterVerb)
                     && !lexicon.Is(tokens.Id(k - 1), WordClass.NotSpeechBefore))
            {
                rule = $"'{tokens.Slice(k, k + 1)}'";
                var (before, named, nameStart) = SourceBefore(k);
                source = before;
                // After the figure, "…, police said" attributes it; "… but local residents say 50" attributes only what follows.
                if (named && k > number && !StartsClause(nameStart)) source = null;
                // ", said police spokesman X": nothing names the speaker before the verb.
                if (!named && StartsClause(k)) source = SourceAfter(afterVerb, number);
            }
            else if (TrailingSource(k) is { } trailing)
            {
                // "Two dead, five hurt in Almaty shooting – police": a headline names its source after a dash.
                source = trailing;
                rule = "a dash at the end of the line";
            }
            else continue;

            var distance = Math.Abs(k - number);
            if (source is not null && distance < bestDistance)
                (best, bestRule, bestDistance) = (source, rule, distance);
        }
        return best is not null ? (best, bestRule) : (defaultSource, "the update's own");
    }

    private bool StartsClause(int k) =>
        !tokens.SameSentence(k - 1, k) || (tokens.Kind(k - 1) == TokenKind.Punct && !tokens.IsPunct(k - 1, '-'));

    /// <summary>"according to a report put forward by local authorities on local television" is "local authorities".</summary>
    private string? SourceAfter(int start, int number)
    {
        var end = start;
        while (end - start < MaxSourceWords && tokens.SameSentence(end, start) && InName(end) && end != number) end++;
        if (end == start) return null;

        start = AfterReport(start, end);
        for (var k = start + 1; k < end; k++)
            if (lexicon.Is(tokens.Id(k), WordClass.SourceEnd | WordClass.ClauseBoundary) && !lexicon.Is(tokens.Id(k), WordClass.NumberJoiner))
            {
                end = k;
                break;
            }
        return Name(start, end);
    }

    /// <summary>"a report by X", "a statement from the Ministry of Defence": the source is who made the report.</summary>
    private int AfterReport(int start, int end)
    {
        var head = start;
        while (head < end && lexicon.Is(tokens.Id(head), WordClass.Determiner)) head++;
        if (head < end && lexicon.Is(tokens.Id(head), WordClass.ReportNoun))
            for (var k = head + 1; k < end - 1; k++)
                if (lexicon.Is(tokens.Id(k), WordClass.ReportLink)) return k + 1;
        return start;
    }

    /// <summary>"The Ministry of Health has for its part reported" is "Ministry of Health"; Named is false when nothing stands before the verb.</summary>
    private (string? Source, bool Named, int Start) SourceBefore(int verb)
    {
        var j = verb - 1;
        for (var n = 0; n < 4 && lexicon.SourceFillers.MatchEndingAt(tokens, j, out _, out var filler) && tokens.SameSentence(filler, verb); n++)
            j = filler - 1;
        // "Almaty's mayor, Bakytzhan Sagintayev, said": the name in the aside.
        if (tokens.IsPunct(j, ',') && AsideStart(j) is var opening and > 0 && tokens.SameSentence(opening, verb)
            && Enumerable.Range(opening + 1, j - opening - 1).All(InName))
        {
            var (inside, named, at) = NameBefore(j - 1, verb);
            if (named && inside is not null) return (inside, true, at);
            // "The ministry, in a statement, said": the name before the aside.
            j = opening - 1;
        }
        return NameBefore(j, verb);
    }

    private (string? Source, bool Named, int Start) NameBefore(int j, int verb)
    {
        var end = j + 1;
        var k = j;
        while (end - k <= MaxSourceWords && tokens.SameSentence(k, verb) && InName(k) && !lexicon.Is(tokens.Id(k), WordClass.ClauseBoundary)) k--;
        var start = k + 1;
        // "On Thursday police said", "In a statement the ministry said".
        while (start < end && lexicon.ClauseOpeners.MatchAt(tokens, start, out _, out var opener) && opener <= end) start = opener;
        if (start >= end) return (null, false, verb);
        return (Name(AfterReport(start, end), end), true, start);
    }

    /// <summary>A dash, then at most four words to the end of the sentence: "… – police".</summary>
    private string? TrailingSource(int dash)
    {
        if (!(tokens.IsPunct(dash, '–') || tokens.IsPunct(dash, '—') || tokens.IsPunct(dash, '-')) || !tokens[dash].SpaceBefore) return null;
        var end = dash + 1;
        while (end <= dash + 4 && tokens.SameSentence(end, dash) && InName(end)) end++;
        if (end == dash + 1 || tokens.SameSentence(end, dash) && !(tokens.Kind(end) == TokenKind.Punct && !tokens.SameSentence(end + 1, dash))) return null;
        return Name(dash + 1, end);
    }

    /// <summary>Words, names with hyphens or apostrophes, handles: what a source's name is made of.</summary>
    private bool InName(int k) => tokens.Kind(k) switch
    {
        TokenKind.Word or TokenKind.Opaque => true,
        // "Khabar-24"
        TokenKind.Number => !tokens[k].SpaceBefore && tokens.IsPunct(k - 1, '-'),
        TokenKind.Punct => tokens.FirstChar(k) is '-' or '\'' or '’' or '&' || (tokens.FirstChar(k) == '.' && !tokens[k].SpaceBefore),
        _ => false,
    };

    private string? Name(int start, int end)
    {
        while (start < end && lexicon.Is(tokens.Id(start), WordClass.DroppedArticle)) start++;
        while (end > start && tokens.Kind(end - 1) == TokenKind.Punct) end--;
        while (start < end && tokens.Kind(start) == TokenKind.Punct) start++;
        if (start >= end) return null;
        var meaningful = false;
        for (var k = start; k < end && !meaningful; k++)
            meaningful = tokens.Kind(k) is TokenKind.Word or TokenKind.Opaque && !lexicon.Is(tokens.Id(k), WordClass.Pronoun | WordClass.Determiner);
        return meaningful ? tokens.Slice(start, end) : null;
    }
}
