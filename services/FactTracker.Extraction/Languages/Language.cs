namespace FactTracker.Extraction.Languages;

/// <summary>A metric word or phrase: "were killed", "death toll", "in intensive care".</summary>
/// <param name="IsNoun">A noun: "the death toll", "214 arrests".</param>
/// <param name="AfterNumberOnly">
/// Only after the counted people: "1,500 demonstrators were held" is an arrest, "held 3 meetings" is not.
/// </param>
public sealed record MetricPhrase(string Phrase, string Metric, bool IsNoun = false, bool AfterNumberOnly = false);

/// <summary>
/// Everything the rule engine knows about one language, as data: word lists and phrases, no code.
/// A second language is another instance of this class (see <see cref="English"/>).
/// Phrases are written with spaces between words; punctuation inside a phrase ("year-old") is matched as written.
/// Matching ignores case.
/// </summary>
public sealed record Language
{
    public required string Name { get; init; }

    // ---- Numbers -------------------------------------------------------------------------------

    /// <summary>Number words below one hundred that combine: "one" 1 … "nineteen" 19, "twenty" 20 … "ninety" 90.</summary>
    public required IReadOnlyDictionary<string, int> NumberWords { get; init; }

    /// <summary>Words that multiply what comes before them within a group: "hundred".</summary>
    public required IReadOnlyDictionary<string, long> GroupMultipliers { get; init; }

    /// <summary>Words that close a group and multiply it: "thousand", "million", "billion".</summary>
    public required IReadOnlyDictionary<string, long> ScaleWords { get; init; }

    /// <summary>The decimal mark in numbers written with digits: '.' in "2.5 million".</summary>
    public required char DecimalMark { get; init; }

    /// <summary>Marks between groups of three digits: ',' in "1,243", and no-break or thin spaces.</summary>
    public required string GroupSeparators { get; init; }

    /// <summary>Suffixes written straight after digits: "2.5m", "40k".</summary>
    public required IReadOnlyDictionary<string, long> ScaleSuffixes { get; init; }

    /// <summary>Words that mean one before a multiplier or a count noun: "a thousand", "a dozen".</summary>
    public required IReadOnlyList<string> OneBeforeMultiplier { get; init; }

    /// <summary>Words that join parts of one number: "four hundred and twelve".</summary>
    public required IReadOnlyList<string> NumberJoiners { get; init; }

    /// <summary>Count nouns after a number: "two dozen" (an approximate 24).</summary>
    public required IReadOnlyDictionary<string, long> CountNouns { get; init; }

    /// <summary>Vague quantities, mapped to their key in <c>FactTracker.Figures.VagueTerms</c> (which holds the bounds).</summary>
    public required IReadOnlyDictionary<string, string> VagueTerms { get; init; }

    // ---- Qualifiers, ranges, revisions -----------------------------------------------------------

    /// <summary>Words before a number that give its kind: "more than" at_least, "about" approximate, "up to" at_most.</summary>
    public required IReadOnlyDictionary<string, string> Qualifiers { get; init; }

    /// <summary>Words that open a range: "between" 20 "and" 30.</summary>
    public required IReadOnlyList<string> RangeOpeners { get; init; }

    /// <summary>Words and marks between the two ends of a range: "and", "to", "or", "-", "–".</summary>
    public required IReadOnlyList<string> RangeJoiners { get; init; }

    /// <summary>"from" in "rose from 30 to 45" and "revised down to 640 from 748".</summary>
    public required IReadOnlyList<string> FromWords { get; init; }

    /// <summary>"to" in "rose from 30 to 45".</summary>
    public required IReadOnlyList<string> ToWords { get; init; }

    /// <summary>Verbs of change: "from A to B" after one of them is a revision (B now), not a range.</summary>
    public required IReadOnlyList<string> ChangeWords { get; init; }

    /// <summary>A number after these counts an addition, not a total: "another 12", "a further 12", "by 12".</summary>
    public required IReadOnlyList<string> DeltaBefore { get; init; }

    /// <summary>A number before these counts an addition, not a total: "12 more", "12 new".</summary>
    public required IReadOnlyList<string> DeltaAfter { get; init; }

    /// <summary>A number after these is a superseded value: "a previous toll of 30".</summary>
    public required IReadOnlyList<string> OldValueBefore { get; init; }

    // ---- Metrics and how numbers reach them --------------------------------------------------------

    public required IReadOnlyList<MetricPhrase> MetricPhrases { get; init; }

    /// <summary>Nouns for a count whose metric the sentence gives elsewhere: "bringing the total to 230".</summary>
    public required IReadOnlyList<string> TotalNouns { get; init; }

    /// <summary>Words allowed between a metric on the left and its number: "the death toll has risen to 45".</summary>
    public required IReadOnlyList<string> LeftBridges { get; init; }

    /// <summary>Endings of adverbs, allowed around a metric: "seriously injured", "rose sharply to".</summary>
    public required IReadOnlyList<string> AdverbEndings { get; init; }

    /// <summary>Words allowed between the counted people and a metric on the right: "were", "have been", "reportedly".</summary>
    public required IReadOnlyList<string> RightFillers { get; init; }

    /// <summary>Words that end the phrase of counted people: prepositions, conjunctions.</summary>
    public required IReadOnlyList<string> PhraseStops { get; init; }

    /// <summary>"of" in "dozens of demonstrators", "members of the security forces".</summary>
    public required IReadOnlyList<string> OfWords { get; init; }

    /// <summary>Articles and possessives allowed inside the counted people's phrase.</summary>
    public required IReadOnlyList<string> Determiners { get; init; }

    /// <summary>"12 of those arrested were released": after "of", these make the metric describe a larger group.</summary>
    public required IReadOnlyList<string> SubsetMarkers { get; init; }

    /// <summary>Words that make a figure a forecast or a possibility, not a report: "could rise to 1,000".</summary>
    public required IReadOnlyList<string> Modals { get; init; }

    /// <summary>"12 people were killed, including 3 children": the second number shares the first one's metric.</summary>
    public required IReadOnlyList<string> InclusionMarkers { get; init; }

    // ---- Subjects ----------------------------------------------------------------------------------

    /// <summary>Who is counted, mapped to the subject slug.</summary>
    public required IReadOnlyDictionary<string, string> Subjects { get; init; }

    public required string DefaultSubject { get; init; }

    // ---- Numbers that are not counts of harmed people ---------------------------------------------

    /// <summary>Nouns for things and units: a number before them ("85 homes", "3 days") counts no people.</summary>
    public required IReadOnlyList<string> ThingNouns { get; init; }

    public required IReadOnlyList<string> Months { get; init; }

    /// <summary>Month names that are also ordinary words ("may", "march"): a month only when capitalised.</summary>
    public required IReadOnlyList<string> AmbiguousMonths { get; init; }

    public required IReadOnlyList<string> Weekdays { get; init; }

    /// <summary>After a number, a time of day: "pm", "GMT", "a.m.".</summary>
    public required IReadOnlyList<string> TimeAfter { get; init; }

    /// <summary>Before a number (or its qualifier), an age: "aged", "ages".</summary>
    public required IReadOnlyList<string> AgeBefore { get; init; }

    /// <summary>After a number, an age: "years old", "-year-old".</summary>
    public required IReadOnlyList<string> AgeAfter { get; init; }

    /// <summary>Qualifiers that set an age limit after a group of people: "children under 5", "those over 60".</summary>
    public required IReadOnlyList<string> AgeLimits { get; init; }

    /// <summary>After a number and before another, a ratio: "1 in 5", "12 out of 30".</summary>
    public required IReadOnlyList<string> RatioWords { get; init; }

    /// <summary>After a number, a share: "%", "percent", "per cent".</summary>
    public required IReadOnlyList<string> PercentAfter { get; init; }

    /// <summary>Currency names and codes after a number, and symbols before it.</summary>
    public required IReadOnlyList<string> CurrencyWords { get; init; }

    public required IReadOnlyList<string> CurrencySymbols { get; init; }

    /// <summary>Before a number, a label or a code: "Article 5", "Flight 370", "No. 7".</summary>
    public required IReadOnlyList<string> LabelsBefore { get; init; }

    /// <summary>Before a number, "no": "no one was hurt" reports no figure.</summary>
    public required IReadOnlyList<string> NoneBefore { get; init; }

    // ---- Attribution ---------------------------------------------------------------------------------

    /// <summary>"according to" X.</summary>
    public required IReadOnlyList<string> AccordingTo { get; init; }

    /// <summary>X "said" / "reported" / "put the" figure at …</summary>
    public required IReadOnlyList<string> SpeechVerbs { get; init; }

    /// <summary>Before a speech verb these make it passive or an adjective ("were reported missing"): not an attribution.</summary>
    public required IReadOnlyList<string> NotSpeechBefore { get; init; }

    /// <summary>Between a source and its verb: "has for its part reported", "also said".</summary>
    public required IReadOnlyList<string> SourceFillers { get; init; }

    /// <summary>Nouns for a document that carries a figure: "a report put forward by X" attributes to X.</summary>
    public required IReadOnlyList<string> ReportNouns { get; init; }

    /// <summary>"by" / "from" after a report noun.</summary>
    public required IReadOnlyList<string> ReportLinks { get; init; }

    /// <summary>Words that end a source's name: "local authorities on local television".</summary>
    public required IReadOnlyList<string> SourceEnds { get; init; }

    /// <summary>Words that start a new clause, so cannot be part of a source before a verb.</summary>
    public required IReadOnlyList<string> ClauseBoundaries { get; init; }

    /// <summary>Time words at the start of a clause, dropped from a source: "On Thursday police said".</summary>
    public required IReadOnlyList<string> ClauseOpeners { get; init; }

    /// <summary>Pronouns: "he said" names no source.</summary>
    public required IReadOnlyList<string> Pronouns { get; init; }

    /// <summary>Leading words dropped from a source's name: "the Ministry of Health" is "Ministry of Health".</summary>
    public required IReadOnlyList<string> SourceDroppedArticles { get; init; }

    // ---- Text ------------------------------------------------------------------------------------

    /// <summary>Words after which a full stop does not end a sentence: "Mr.", "Jan.", "No.".</summary>
    public required IReadOnlyList<string> Abbreviations { get; init; }
}
