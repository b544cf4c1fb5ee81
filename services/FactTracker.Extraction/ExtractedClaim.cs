using FactTracker.Contracts;

namespace FactTracker.Extraction;

/// <summary>A figure found in newsroom text, ready for a verifier to approve or reject.</summary>
/// <param name="Metric">One of <c>FactTracker.Figures.Metrics</c>: killed, injured, hospitalized, arrested, missing, displaced.</param>
/// <param name="Subject">Who was counted, as a slug: people, security-forces, demonstrators, children...</param>
/// <param name="Value">Kind and bounds; <see cref="FigureValue.Words"/> holds the quantity as written unless it is plain digits.</param>
/// <param name="Quote">Exactly <c>text[Start..End]</c>.</param>
/// <param name="Start">Character offset of the quote in the text.</param>
/// <param name="End">Exclusive character offset of the end of the quote.</param>
/// <param name="Source">Who the text attributes the figure to, else the update's own source (null if none was given).</param>
/// <param name="Rule">Which rules fired, for the verifier: how the metric, the value and the source were found.</param>
public sealed record ExtractedClaim(
    string Metric,
    string Subject,
    FigureValue Value,
    string Quote,
    int Start,
    int End,
    string? Source,
    string Rule);
