using FactTracker.Extraction.Languages;

namespace FactTracker.Extraction;

/// <summary>What a single word can be. A word may be several things ("over" qualifies a number and ends a phrase).</summary>
[Flags]
internal enum WordClass : ulong
{
    None = 0,
    NumberWord = 1UL << 0,
    GroupMultiplier = 1UL << 1,
    Scale = 1UL << 2,
    OneBefore = 1UL << 3,
    NumberJoiner = 1UL << 4,
    CountNoun = 1UL << 5,
    RangeOpener = 1UL << 6,
    RangeJoiner = 1UL << 7,
    From = 1UL << 8,
    To = 1UL << 9,
    Change = 1UL << 10,
    DeltaBefore = 1UL << 11,
    DeltaAfter = 1UL << 12,
    OldValueBefore = 1UL << 13,
    LeftBridge = 1UL << 14,
    RightFiller = 1UL << 15,
    PhraseStop = 1UL << 16,
    Of = 1UL << 17,
    Determiner = 1UL << 18,
    SubsetMarker = 1UL << 19,
    Modal = 1UL << 20,
    ThingNoun = 1UL << 21,
    Month = 1UL << 22,
    AmbiguousMonth = 1UL << 23,
    Weekday = 1UL << 24,
    CurrencySymbol = 1UL << 25,
    LabelBefore = 1UL << 26,
    NoneBefore = 1UL << 27,
    NotSpeechBefore = 1UL << 28,
    ReportNoun = 1UL << 29,
    ReportLink = 1UL << 30,
    SourceEnd = 1UL << 31,
    ClauseBoundary = 1UL << 32,
    Pronoun = 1UL << 33,
    DroppedArticle = 1UL << 34,
    Abbreviation = 1UL << 35,

    /// <summary>The first word of a number, qualifier, vague term or range: where a quantity may start.</summary>
    QuantityStart = 1UL << 36,
}

/// <summary>
/// A <see cref="Language"/> compiled for matching: every word gets an id and its classes, every phrase
/// becomes a sequence of ids. Built once per language.
/// </summary>
internal sealed class Lexicon
{
    public const int Unknown = -1;

    private readonly Dictionary<string, int> ids = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> lookup;
    private readonly Dictionary<string, long>.AlternateLookup<ReadOnlySpan<char>> scaleSuffixes;
    private readonly List<WordClass> classes = [];
    private readonly Dictionary<int, long> values = [];

    public Language Language { get; }
    public char DecimalMark => Language.DecimalMark;

    /// <summary>A thousands separator in a number written with digits.</summary>
    public bool IsGroupSeparator(char c) => Language.GroupSeparators.Contains(c);
    public PhraseSet<string> Qualifiers { get; }
    public PhraseSet<(long Low, long High, string Key)> VagueTerms { get; }
    public PhraseSet<MetricPhrase> Metrics { get; }
    public PhraseSet<bool> TotalNouns { get; }
    public PhraseSet<string> Subjects { get; }
    public PhraseSet<bool> InclusionMarkers { get; }
    public PhraseSet<bool> TimeAfter { get; }
    public PhraseSet<bool> AgeBefore { get; }
    public PhraseSet<bool> AgeAfter { get; }
    public PhraseSet<bool> PercentAfter { get; }
    public PhraseSet<bool> AgeLimits { get; }
    public PhraseSet<bool> RatioWords { get; }
    public PhraseSet<bool> CurrencyWords { get; }
    public PhraseSet<bool> AccordingTo { get; }
    public PhraseSet<bool> SpeechVerbs { get; }
    public PhraseSet<bool> SourceFillers { get; }
    public PhraseSet<bool> ClauseOpeners { get; }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Language, Lexicon> Compiled = [];

    public static Lexicon For(Language language) => Compiled.GetValue(language, l => new Lexicon(l));

    private Lexicon(Language l)
    {
        Language = l;
        lookup = ids.GetAlternateLookup<ReadOnlySpan<char>>();
        scaleSuffixes = new Dictionary<string, long>(l.ScaleSuffixes, StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();

        foreach (var (w, v) in l.NumberWords) { Mark(w, WordClass.NumberWord | WordClass.QuantityStart); values[IdOf(w)] = v; }
        foreach (var (w, v) in l.GroupMultipliers) { Mark(w, WordClass.GroupMultiplier); values[IdOf(w)] = v; }
        foreach (var (w, v) in l.ScaleWords) { Mark(w, WordClass.Scale); values[IdOf(w)] = v; }
        foreach (var (w, v) in l.CountNouns) { Mark(w, WordClass.CountNoun); values[IdOf(w)] = v; }
        Mark(l.OneBeforeMultiplier, WordClass.OneBefore | WordClass.QuantityStart);
        Mark(l.NumberJoiners, WordClass.NumberJoiner);
        Mark(l.RangeOpeners, WordClass.RangeOpener | WordClass.QuantityStart);
        Mark(l.RangeJoiners, WordClass.RangeJoiner);
        Mark(l.FromWords, WordClass.From);
        Mark(l.ToWords, WordClass.To);
        Mark(l.ChangeWords, WordClass.Change);
        Mark(l.DeltaBefore, WordClass.DeltaBefore);
        Mark(l.DeltaAfter, WordClass.DeltaAfter);
        Mark(l.OldValueBefore, WordClass.OldValueBefore);
        Mark(l.LeftBridges, WordClass.LeftBridge);
        Mark(l.RightFillers, WordClass.RightFiller);
        Mark(l.PhraseStops, WordClass.PhraseStop);
        Mark(l.OfWords, WordClass.Of);
        Mark(l.Determiners, WordClass.Determiner);
        Mark(l.SubsetMarkers, WordClass.SubsetMarker);
        Mark(l.Modals, WordClass.Modal);
        Mark(l.ThingNouns, WordClass.ThingNoun);
        Mark(l.Months, WordClass.Month);
        Mark(l.AmbiguousMonths, WordClass.AmbiguousMonth);
        Mark(l.Weekdays, WordClass.Weekday);
        Mark(l.CurrencySymbols, WordClass.CurrencySymbol);
        Mark(l.LabelsBefore, WordClass.LabelBefore);
        Mark(l.NoneBefore, WordClass.NoneBefore);
        Mark(l.NotSpeechBefore, WordClass.NotSpeechBefore);
        Mark(l.ReportNouns, WordClass.ReportNoun);
        Mark(l.ReportLinks, WordClass.ReportLink);
        Mark(l.SourceEnds, WordClass.SourceEnd);
        Mark(l.ClauseBoundaries, WordClass.ClauseBoundary);
        Mark(l.Pronouns, WordClass.Pronoun);
        Mark(l.SourceDroppedArticles, WordClass.DroppedArticle);
        Mark(l.Abbreviations, WordClass.Abbreviation);

        Qualifiers = Phrases(l.Qualifiers.Select(q => (q.Key, q.Value)), WordClass.QuantityStart);
        VagueTerms = Phrases(l.VagueTerms.Select(v => (v.Key, Bounds(v.Value))), WordClass.QuantityStart);
        Metrics = Phrases(l.MetricPhrases.Select(m => (m.Phrase, m)));
        TotalNouns = Phrases(l.TotalNouns.Select(w => (w, true)));
        Subjects = Phrases(l.Subjects.Select(s => (s.Key, s.Value)));
        InclusionMarkers = Phrases(l.InclusionMarkers.Select(w => (w, true)));
        TimeAfter = Phrases(l.TimeAfter.Select(w => (w, true)));
        AgeBefore = Phrases(l.AgeBefore.Select(w => (w, true)));
        AgeAfter = Phrases(l.AgeAfter.Select(w => (w, true)));
        PercentAfter = Phrases(l.PercentAfter.Select(w => (w, true)));
        AgeLimits = Phrases(l.AgeLimits.Select(w => (w, true)));
        RatioWords = Phrases(l.RatioWords.Select(w => (w, true)));
        CurrencyWords = Phrases(l.CurrencyWords.Select(w => (w, true)));
        AccordingTo = Phrases(l.AccordingTo.Select(w => (w, true)));
        SpeechVerbs = Phrases(l.SpeechVerbs.Select(w => (w, true)));
        SourceFillers = Phrases(l.SourceFillers.Select(w => (w, true)));
        ClauseOpeners = Phrases(l.ClauseOpeners.Select(w => (w, true)));
    }

    private static (long, long, string) Bounds(string key) =>
        FactTracker.Figures.VagueTerms.Bounds.TryGetValue(key, out var b)
            ? (b.Low, b.High, key)
            : throw new InvalidOperationException($"'{key}' is not a vague term of FactTracker.Figures.VagueTerms");

    public int Lookup(ReadOnlySpan<char> word) => lookup.TryGetValue(word, out var id) ? id : Unknown;

    public bool Is(int id, WordClass c) => id >= 0 && (classes[id] & c) != 0;

    public long Value(int id) => values.GetValueOrDefault(id);

    public bool IsAbbreviation(int id) => Is(id, WordClass.Abbreviation);

    public bool IsScaleSuffix(ReadOnlySpan<char> suffix) => scaleSuffixes.ContainsKey(suffix);

    public long ScaleSuffix(ReadOnlySpan<char> suffix) => scaleSuffixes.TryGetValue(suffix, out var v) ? v : 0;

    private int IdOf(string word)
    {
        if (ids.TryGetValue(word, out var id)) return id;
        id = classes.Count;
        ids.Add(word, id);
        classes.Add(WordClass.None);
        return id;
    }

    private void Mark(string phrase, WordClass c)
    {
        foreach (var word in Split(phrase)) classes[IdOf(word)] |= c;
    }

    private void Mark(IEnumerable<string> words, WordClass c)
    {
        foreach (var w in words) Mark(w, c);
    }

    private PhraseSet<T> Phrases<T>(IEnumerable<(string Phrase, T Value)> entries, WordClass firstWord = WordClass.None)
    {
        var set = new PhraseSet<T>();
        foreach (var (phrase, value) in entries)
        {
            var words = Split(phrase).Select(IdOf).ToArray();
            if (words.Length == 0) continue;
            classes[words[0]] |= firstWord;
            set.Add(words, value);
        }
        return set;
    }

    /// <summary>A phrase's words as the tokenizer would cut them.</summary>
    private static IEnumerable<string> Split(string phrase)
    {
        var tokens = Tokenizer.Scan(phrase, null);
        for (var i = 0; i < tokens.Count; i++) yield return tokens.Span(i).ToString();
    }
}

/// <summary>Multi-word phrases, matched forwards from their first word or backwards from their last, longest first.</summary>
internal sealed class PhraseSet<T>
{
    private readonly Dictionary<int, List<(int[] Ids, T Value)>> byFirst = [];
    private readonly Dictionary<int, List<(int[] Ids, T Value)>> byLast = [];

    public void Add(int[] ids, T value)
    {
        Insert(byFirst, ids[0], (ids, value));
        Insert(byLast, ids[^1], (ids, value));
    }

    private static void Insert(Dictionary<int, List<(int[] Ids, T Value)>> index, int key, (int[] Ids, T Value) entry)
    {
        if (!index.TryGetValue(key, out var list)) index[key] = list = [];
        list.Add(entry);
        list.Sort((a, b) => b.Ids.Length.CompareTo(a.Ids.Length));
    }

    public bool StartsWith(int id) => byFirst.ContainsKey(id);

    /// <summary>The longest phrase that starts at token <paramref name="i"/>, within one sentence; <paramref name="end"/> is exclusive.</summary>
    public bool MatchAt(TokenList tokens, int i, out T value, out int end)
    {
        value = default!;
        end = i;
        if (!byFirst.TryGetValue(tokens.Id(i), out var candidates)) return false;
        foreach (var (phrase, v) in candidates)
        {
            var k = 1;
            while (k < phrase.Length && tokens.SameSentence(i, i + k) && tokens.Id(i + k) == phrase[k]) k++;
            if (k < phrase.Length) continue;
            value = v;
            end = i + phrase.Length;
            return true;
        }
        return false;
    }

    /// <summary>The longest phrase that ends at token <paramref name="j"/> (inclusive), within one sentence.</summary>
    public bool MatchEndingAt(TokenList tokens, int j, out T value, out int start)
    {
        value = default!;
        start = j;
        if (!byLast.TryGetValue(tokens.Id(j), out var candidates)) return false;
        foreach (var (phrase, v) in candidates)
        {
            var k = 1;
            while (k < phrase.Length && tokens.SameSentence(j, j - k) && tokens.Id(j - k) == phrase[^(k + 1)]) k++;
            if (k < phrase.Length) continue;
            value = v;
            start = j - phrase.Length + 1;
            return true;
        }
        return false;
    }
}
