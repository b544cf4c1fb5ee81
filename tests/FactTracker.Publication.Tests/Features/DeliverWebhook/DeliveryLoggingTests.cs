using System.Collections.Concurrent;
using FactTracker.Publication.Subscriptions;
using FactTracker.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static FactTracker.Publication.Tests.PublicationFixture;

namespace FactTracker.Publication.Tests.Features.DeliverWebhook;

/// <summary>
/// A webhook's attempts are kept in its delivery's log, not in the service's: at thousands of deliveries a second a line
/// per request would flood the log, and a subscriber's URL may carry a token.
/// </summary>
public sealed class DeliveryLoggingTests(LoggingPublicationFixture fixture) : IClassFixture<LoggingPublicationFixture>
{
    [Fact]
    public async Task A_delivery_writes_no_request_lines_and_no_url_to_the_service_log_even_at_trace()
    {
        var (subscriptionId, path) = await fixture.SubscribeAsync();
        try
        {
            var revised = Revision(NewStory(), Exact(18), subject: "security-forces");
            await fixture.PublishAsync(revised);
            await Eventually.UntilAsync(async () =>
                (await fixture.DeliveriesAsync(subscriptionId)).SingleOrDefault(d => d.FigureId == revised.FigureId && d.Status == DeliveryStatus.Delivered),
                $"the delivery of {revised.FigureId} to be recorded");
            Assert.Single(fixture.ReceivedAt(path));

            var lines = fixture.Log.Lines.ToList();
            // The same provider sees the service's own lines, so an empty result below is not a provider that saw nothing.
            Assert.Contains(lines, l => l.Category.StartsWith("MassTransit", StringComparison.Ordinal));
            Assert.DoesNotContain(lines, l => l.Category.StartsWith("System.Net.Http.HttpClient", StringComparison.Ordinal));
            Assert.DoesNotContain(lines, l => l.Message.Contains(path, StringComparison.Ordinal));
        }
        finally
        {
            await fixture.UnsubscribeAsync(subscriptionId);
        }
    }
}

/// <summary>Publication with every line of the HTTP client's categories (and MassTransit's) kept in memory.</summary>
public sealed class LoggingPublicationFixture : PublicationFixture
{
    public CapturedLog Log { get; } = new();

    protected override void ConfigureServices(IServiceCollection services) => services.AddLogging(logging => logging
        .AddProvider(Log)
        .AddFilter("System.Net.Http.HttpClient", LogLevel.Trace)
        .AddFilter("MassTransit", LogLevel.Information));
}

public sealed class CapturedLog : ILoggerProvider
{
    public sealed record Line(string Category, LogLevel Level, string Message);

    private readonly ConcurrentQueue<Line> _lines = new();

    public IEnumerable<Line> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose() { }

    private sealed class Logger(string category, ConcurrentQueue<Line> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue(new Line(category, logLevel, formatter(state, exception)));
    }
}
