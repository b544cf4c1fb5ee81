using FactTracker.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace FactTracker.Resilience.Tests.Mechanisms;

/// <summary>The three services that consume messages, on one scope, each with a probe on its bus, and a bus of the test's own.</summary>
public sealed class MessagingFixture : IAsyncLifetime
{
    public InfrastructureScope Scope { get; } = new();
    public ServiceFactory<Claims.Program> Claims { get; private set; } = default!;
    public ServiceFactory<Verification.Program> Verification { get; private set; } = default!;
    public ServiceFactory<Publication.Program> Publication { get; private set; } = default!;
    public BusProbe ClaimsBus { get; private set; } = default!;
    public BusProbe VerificationBus { get; private set; } = default!;
    public BusProbe PublicationBus { get; private set; } = default!;
    public MessageObserver Observer { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        await Scope.InitializeAsync();
        // A stale outbox turns a service unready after 20 s here, so the readiness test need not wait a minute.
        var settings = new Dictionary<string, string?> { ["Outbox:MaxAgeSeconds"] = "20" };
        Claims = new ServiceFactory<Claims.Program>(Scope, settings);
        Verification = new ServiceFactory<Verification.Program>(Scope, settings);
        Publication = new ServiceFactory<Publication.Program>(Scope, settings);
        foreach (var client in new IDisposable[] { Claims.CreateClient(), Verification.CreateClient(), Publication.CreateClient() })
            client.Dispose();
        ClaimsBus = new BusProbe(Claims.Services.GetRequiredService<IBus>());
        VerificationBus = new BusProbe(Verification.Services.GetRequiredService<IBus>());
        PublicationBus = new BusProbe(Publication.Services.GetRequiredService<IBus>());
        Observer = new MessageObserver(Scope);
        await Observer.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await Observer.DisposeAsync();
        ClaimsBus.Dispose();
        VerificationBus.Dispose();
        PublicationBus.Dispose();
        await Claims.DisposeAsync();
        await Verification.DisposeAsync();
        await Publication.DisposeAsync();
        await Scope.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class MessagingCollection : ICollectionFixture<MessagingFixture>
{
    public const string Name = "messaging";
}
