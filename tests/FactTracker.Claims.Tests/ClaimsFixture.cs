using FactTracker.Contracts;
using FactTracker.ServiceDefaults;
using FactTracker.Testing;
using Marten;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace FactTracker.Claims.Tests;

/// <summary>
/// Claims on its own database and virtual host; the observer publishes updates into it and records the claims it
/// submits, and the probe on the service's own bus tells when a message has been handled.
/// </summary>
public sealed class ClaimsFixture : IAsyncLifetime
{
    public InfrastructureScope Scope { get; } = new();
    public ServiceFactory<Program> Service { get; private set; } = default!;
    public MessageObserver Messages { get; private set; } = default!;
    public BusProbe Probe { get; private set; } = default!;
    public HttpClient Client { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        await Scope.InitializeAsync();
        Messages = new MessageObserver(Scope, typeof(ClaimSubmitted));
        await Messages.InitializeAsync();
        Service = new ServiceFactory<Program>(Scope);
        // Starting the host declares the service's queue and bindings before any test publishes.
        Client = Service.CreateClient(Scope.Principals.Alice);
        Probe = new BusProbe(Service.Services.GetRequiredService<IBus>());
    }

    /// <summary>Waits until the outbox relay has published (and the broker confirmed) every message committed so far.</summary>
    public Task OutboxDrainedAsync() => Eventually.UntilAsync(async () =>
    {
        await using var session = Service.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return await session.Query<OutboxMessage>().CountAsync() == 0;
    }, "the outbox to drain");

    /// <summary>An update whose text reports the same figures as the local authorities' statement.</summary>
    public const string ReportText = "This Thursday, 18 members of the security forces were killed and at least 748 people were injured.";

    /// <summary>An update with only the figures given: its text reports none of its own.</summary>
    public static UpdateReceived NewUpdate(params ReportedFigure[] figures) =>
        NewUpdate("Officials briefed reporters in Almaty on Thursday evening.", figures);

    public static UpdateReceived NewUpdate(string text, params ReportedFigure[] figures) => new(
        Guid.NewGuid(),
        $"story-{Guid.NewGuid():N}"[..20],
        text,
        "Local authorities",
        DateTimeOffset.Parse("2022-01-06T10:15:00+06:00"),
        "https://example.org/live#kz-07",
        figures,
        DateTimeOffset.Parse("2022-01-06T04:16:00Z"));

    public async Task DisposeAsync()
    {
        Probe?.Dispose();
        await Service.DisposeAsync();
        await Messages.DisposeAsync();
        await Scope.DisposeAsync();
    }
}
