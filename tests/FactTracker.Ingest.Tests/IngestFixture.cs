using FactTracker.Contracts;
using FactTracker.Testing;

namespace FactTracker.Ingest.Tests;

/// <summary>Ingest on its own database and virtual host, with an observer for what it publishes.</summary>
public sealed class IngestFixture : IAsyncLifetime
{
    public InfrastructureScope Scope { get; } = new();
    public ServiceFactory<Program> Service { get; private set; } = default!;
    public MessageObserver Messages { get; private set; } = default!;
    public HttpClient Client { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        await Scope.InitializeAsync();
        Messages = new MessageObserver(Scope, typeof(UpdateReceived));
        await Messages.InitializeAsync();
        Service = new ServiceFactory<Program>(Scope);
        Client = Service.CreateClient(Scope.Principals.Newsroom);
    }

    public async Task DisposeAsync()
    {
        await Service.DisposeAsync();
        await Messages.DisposeAsync();
        await Scope.DisposeAsync();
    }
}
