using System.Collections.Concurrent;
using MassTransit;

namespace FactTracker.Testing;

/// <summary>
/// Watches the bus of a service under test from inside it: which messages its consumers have finished handling,
/// and which messages it has published (recorded once the broker has confirmed them). When a consumer rightly does
/// nothing, e.g. on a duplicate delivery, nothing outside the service changes; this is the signal that it has run.
/// </summary>
public sealed class BusProbe : IConsumeObserver, IPublishObserver, IDisposable
{
    private readonly ConcurrentQueue<object> _consumed = new();
    private readonly ConcurrentQueue<(object Message, Exception Error)> _faults = new();
    private readonly ConcurrentQueue<object> _published = new();
    private readonly ConnectHandle _consumeHandle;
    private readonly ConnectHandle _publishHandle;

    /// <param name="bus">The service's own bus, e.g. <c>factory.Services.GetRequiredService&lt;IBus&gt;()</c>.</param>
    public BusProbe(IBus bus)
    {
        _consumeHandle = bus.ConnectConsumeObserver(this);
        _publishHandle = bus.ConnectPublishObserver(this);
    }

    /// <summary>Messages of type <typeparamref name="T"/> the service's consumers completed without an error.</summary>
    public IReadOnlyList<T> Consumed<T>() => _consumed.OfType<T>().ToList();

    /// <summary>Messages of type <typeparamref name="T"/> whose consumption failed (each failed attempt, before any retry).</summary>
    public IReadOnlyList<(T Message, Exception Error)> Faults<T>() =>
        _faults.Where(f => f.Message is T).Select(f => ((T)f.Message, f.Error)).ToList();

    /// <summary>Messages of type <typeparamref name="T"/> the service published and the broker confirmed.</summary>
    public IReadOnlyList<T> Published<T>() => _published.OfType<T>().ToList();

    /// <summary>Waits until the service's consumers have completed <paramref name="count"/> messages that match.</summary>
    public async Task<IReadOnlyList<T>> WaitForConsumedAsync<T>(Func<T, bool> match, int count = 1, TimeSpan? timeout = null)
    {
        await Eventually.UntilAsync(() => Consumed<T>().Count(match) >= count, $"the service to consume {count} {typeof(T).Name} message(s)", timeout);
        return Consumed<T>().Where(match).ToList();
    }

    Task IConsumeObserver.PreConsume<T>(ConsumeContext<T> context) => Task.CompletedTask;

    Task IConsumeObserver.PostConsume<T>(ConsumeContext<T> context)
    {
        _consumed.Enqueue(context.Message);
        return Task.CompletedTask;
    }

    Task IConsumeObserver.ConsumeFault<T>(ConsumeContext<T> context, Exception exception)
    {
        _faults.Enqueue((context.Message, exception));
        return Task.CompletedTask;
    }

    Task IPublishObserver.PrePublish<T>(PublishContext<T> context) => Task.CompletedTask;

    Task IPublishObserver.PostPublish<T>(PublishContext<T> context)
    {
        _published.Enqueue(context.Message);
        return Task.CompletedTask;
    }

    Task IPublishObserver.PublishFault<T>(PublishContext<T> context, Exception exception) => Task.CompletedTask;

    public void Dispose()
    {
        _consumeHandle.Disconnect();
        _publishHandle.Disconnect();
    }
}
