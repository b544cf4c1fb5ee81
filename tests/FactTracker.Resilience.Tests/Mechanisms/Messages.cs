using FactTracker.Contracts;

namespace FactTracker.Resilience.Tests.Mechanisms;

/// <summary>Valid messages of each consumed type, each with fresh ids so tests never see each other's.</summary>
public static class Messages
{
    private static readonly DateTimeOffset At = new(2022, 1, 6, 10, 0, 0, TimeSpan.FromHours(6));

    public static UpdateReceived Update(string? story = null) => new(Guid.NewGuid(), story ?? Story(),
        "Five people were killed, the Ministry of Health said.", "Ministry of Health", At, null,
        [new ReportedFigure("killed", "people", new FigureValue("exact", 5, 5, "five"), "Ministry of Health", "Five people were killed")],
        At, Guid.NewGuid());

    public static ClaimSubmitted Claim() => new(Guid.NewGuid(), Guid.NewGuid(), Story(), "killed", "people",
        new FigureValue("exact", 5, 5, "five"), "Ministry of Health", "Five people were killed", null, At, At, "reported",
        PostedBy: Guid.NewGuid(), UpdateText: "Five people were killed.");

    public static FigureRevised Revision(string? story = null)
    {
        var s = story ?? Story();
        var value = new FigureValue("exact", 5, 5, "five");
        var state = new FigureState(value, "Ministry of Health", 1, false, false, [new SourceValue("Ministry of Health", value, 1, At)]);
        return new FigureRevised(Figures.FigureId.For(s, "killed", "people"), s, "killed", "people", 1, 0, value, null,
            "Ministry of Health", Guid.NewGuid(), Guid.NewGuid(), "Five people were killed", null, ["alice"], null, At, At, state);
    }

    public static string Story() => $"story-{Guid.NewGuid():N}"[..20];
}
