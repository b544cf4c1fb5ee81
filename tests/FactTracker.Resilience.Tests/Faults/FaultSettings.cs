namespace FactTracker.Resilience.Tests.Faults;

/// <summary>
/// How much traffic each fault test drives and how long its faults last. The short version fits in CI; the long one
/// (FACTTRACKER_FAULTS=long) drives more and keeps faults longer, e.g. a minute of webhook receiver downtime.
/// </summary>
/// <param name="Updates">Updates posted in the stream, each with one structured figure (so one claim).</param>
/// <param name="UpdatesPerSecond">The pace the stream is posted at.</param>
/// <param name="Figures">How many figures the updates spread over (so each figure gets several revisions).</param>
/// <param name="BrokerOutage">How long RabbitMQ stays stopped.</param>
/// <param name="ReceiverPhase">How long the receiver stays in each bad phase (down, 500, time-outs, 429); down lasts <paramref name="ReceiverDowntime"/>.</param>
/// <param name="Drain">The deadline for the pipeline to finish its work after the stream and the fault are over.</param>
public sealed record FaultSettings(string Name, int Updates, double UpdatesPerSecond, int Figures, TimeSpan BrokerOutage,
    TimeSpan ReceiverDowntime, TimeSpan ReceiverPhase, TimeSpan Drain)
{
    public const string Variable = "FACTTRACKER_FAULTS";

    public static FaultSettings Short { get; } = new("short", Updates: 200, UpdatesPerSecond: 10, Figures: 40,
        BrokerOutage: TimeSpan.FromSeconds(20), ReceiverDowntime: TimeSpan.FromSeconds(10), ReceiverPhase: TimeSpan.FromSeconds(5),
        Drain: TimeSpan.FromSeconds(150));

    public static FaultSettings Long { get; } = new("long", Updates: 1200, UpdatesPerSecond: 10, Figures: 150,
        BrokerOutage: TimeSpan.FromSeconds(60), ReceiverDowntime: TimeSpan.FromSeconds(60), ReceiverPhase: TimeSpan.FromSeconds(20),
        Drain: TimeSpan.FromSeconds(300));

    public static FaultSettings FromEnvironment() =>
        string.Equals(Environment.GetEnvironmentVariable(Variable), "long", StringComparison.OrdinalIgnoreCase) ? Long : Short;

    public TimeSpan Stream => TimeSpan.FromSeconds(Updates / UpdatesPerSecond);
}
