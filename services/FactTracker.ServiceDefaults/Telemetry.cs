using System.Diagnostics;

namespace FactTracker.ServiceDefaults;

public static class Telemetry
{
    public const string SourceName = "FactTracker";
    public static readonly ActivitySource Source = new(SourceName, typeof(Telemetry).Assembly.GetName().Version?.ToString());

    /// <summary>The W3C traceparent of the current activity, to carry a trace across an asynchronous hop.</summary>
    public static string? CurrentTraceParent() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C } a ? a.Id : null;
}
