using System.Collections.Concurrent;
using MassTransit;
using Xunit;

namespace FactTracker.Testing;

/// <summary>
/// A bus of the test's own on the scope's virtual host: it publishes messages into the services under test
/// and records every message of the observed types that they publish, over the real RabbitMQ.
/// </summary>
public sealed class MessageObserver(InfrastructureScope scope, params Type[] observed) : IAsyncLifetime
{
    private readonly ConcurrentQueue<object> _received = new();
    private IBusControl? _bus;

    public IBus Bus => _bus ?? throw new InvalidOperationException("The observer has not started.");

    /// <summary>Takes one message at a time, so <see cref="Received{T}"/> is in the order the broker delivered them.</summary>
    public bool OneAtATime { get; init; }

    public IReadOnlyList<T> Received<T>() => _received.OfType<T>().ToList();

    public async Task<IReadOnlyList<T>> WaitForAsync<T>(Func<T, bool> match, int count = 1, TimeSpan? timeout = null)
    {
        await Eventually.UntilAsync(() => Received<T>().Count(match) >= count, $"{count} {typeof(T).Name} message(s)", timeout);
        return Received<T>().Where(match).ToList();
    }

    public async Task InitializeAsync()
    {
        _bus = MassTransit.Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(InfrastructureScope.RabbitMqHost, (ushort)InfrastructureScope.RabbitMqPort, scope.VirtualHost, h =>
            {
                h.Username(InfrastructureScope.RabbitMqUser);
                h.Password(InfrastructureScope.RabbitMqPassword);
            });
            if (observed.Length == 0) return;
            cfg.ReceiveEndpoint($"test-observer-{Guid.NewGuid():N}", e =>
            {
                e.AutoDelete = true;
                e.Durable = false;
                if (OneAtATime)
                {
                    e.PrefetchCount = 1;
                    e.ConcurrentMessageLimit = 1;
                }
                foreach (var type in observed)
                    typeof(MessageObserver).GetMethod(nameof(Observe), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
                        .MakeGenericMethod(type).Invoke(this, [e]);
            });
        });
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _bus.StartAsync(cts.Token);
    }

    private void Observe<T>(IReceiveEndpointConfigurator endpoint) where T : class =>
        endpoint.Handler<T>(context =>
        {
            _received.Enqueue(context.Message);
            return Task.CompletedTask;
        });

    public async Task DisposeAsync()
    {
        if (_bus is not null) await _bus.StopAsync();
    }
}
