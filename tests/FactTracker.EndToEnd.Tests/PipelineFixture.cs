using FactTracker.Testing;

namespace FactTracker.EndToEnd.Tests;

/// <summary>All four services on one database and virtual host, plus a subscriber's webhook endpoint.</summary>
public sealed class PipelineFixture : IAsyncLifetime
{
    public InfrastructureScope Scope { get; } = new();
    public WebhookReceiver Receiver { get; } = new();
    public ServiceFactory<Ingest.Program> Ingest { get; private set; } = default!;
    public ServiceFactory<Claims.Program> Claims { get; private set; } = default!;
    public ServiceFactory<Verification.Program> Verification { get; private set; } = default!;
    public ServiceFactory<Publication.Program> Publication { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        await Scope.InitializeAsync();
        await Receiver.InitializeAsync();
        Ingest = new ServiceFactory<Ingest.Program>(Scope);
        Claims = new ServiceFactory<Claims.Program>(Scope);
        Verification = new ServiceFactory<Verification.Program>(Scope);
        Publication = new ServiceFactory<Publication.Program>(Scope, new Dictionary<string, string?> { ["Webhooks:AllowedHosts"] = "127.0.0.1" });
        // Start every host (and so its queues and bindings) before any test posts.
        foreach (var service in new IDisposable[] { Ingest.CreateClient(), Claims.CreateClient(), Verification.CreateClient(), Publication.CreateClient() })
            service.Dispose();
    }

    public async Task DisposeAsync()
    {
        await Ingest.DisposeAsync();
        await Claims.DisposeAsync();
        await Verification.DisposeAsync();
        await Publication.DisposeAsync();
        await Receiver.DisposeAsync();
        await Scope.DisposeAsync();
    }
}
