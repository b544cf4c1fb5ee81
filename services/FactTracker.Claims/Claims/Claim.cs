using System.Text.Json.Serialization;
using FactTracker.Contracts;
using Marten.Schema;

namespace FactTracker.Claims.Claims;

/// <summary>One figure an update reports, waiting for a verifier's decision.</summary>
public sealed class Claim
{
    public Guid Id { get; set; }
    public Guid UpdateId { get; set; }
    /// <summary>Position of the claim among its update's claims of the same origin, which makes its id stable.</summary>
    public int Index { get; set; }
    public string Story { get; set; } = "";
    public string Metric { get; set; } = "";
    public string Subject { get; set; } = "";
    public string FigureId { get; set; } = "";
    public FigureValue Value { get; set; } = default!;
    public string Source { get; set; } = "";
    public string? Quote { get; set; }
    /// <summary>Character offsets of the quote in the update's text, when it appears there.</summary>
    public int? QuoteStart { get; set; }
    public int? QuoteEnd { get; set; }
    public string? UpdateUrl { get; set; }
    public DateTimeOffset ReportedAt { get; set; }
    public DateTimeOffset SubmittedAt { get; set; }
    /// <summary>Where the claim came from: "structured" figures a newsroom attached, or "text" found in the update's prose.</summary>
    public string Origin { get; set; } = "";
    /// <summary>For a claim found in text: which extraction rules produced it.</summary>
    public string? Rule { get; set; }
    /// <summary>Later updates of the story that repeated this claim (same figure, value and source).</summary>
    public List<ClaimAppearance> Appearances { get; set; } = [];
    /// <summary>The principal that posted the update: a newsroom sees only its own updates' claims.</summary>
    public Guid? PostedBy { get; set; }
    /// <summary>Marten's version of the stored claim: travels with it, so a claim read in one session can be saved in another.</summary>
    [Version, JsonIgnore]
    public Guid Version { get; set; }
}

public sealed record ClaimAppearance(Guid UpdateId, string? Quote, int? QuoteStart, int? QuoteEnd, string? UpdateUrl, DateTimeOffset ReportedAt);

/// <summary>Marks an update that made claims as handled, so a redelivered UpdateReceived changes nothing.</summary>
public sealed class ProcessedUpdate
{
    public Guid Id { get; set; }
    public int Claims { get; set; }
    public int Appearances { get; set; }
    public DateTimeOffset ProcessedAt { get; set; }
}
