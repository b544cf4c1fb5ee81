namespace FactTracker.Testing;

/// <summary>Waits for a condition by polling with a deadline: never a fixed sleep.</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public static async Task<T> UntilAsync<T>(Func<Task<T?>> probe, string what, TimeSpan? timeout = null) where T : class
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        var delay = TimeSpan.FromMilliseconds(20);
        while (true)
        {
            if (await probe() is { } value) return value;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Timed out after {(timeout ?? DefaultTimeout).TotalSeconds} s waiting for {what}");
            await Task.Delay(delay);
            delay = TimeSpan.FromMilliseconds(Math.Min(250, delay.TotalMilliseconds * 2));
        }
    }

    public static async Task UntilAsync(Func<Task<bool>> probe, string what, TimeSpan? timeout = null) =>
        await UntilAsync<object>(async () => await probe() ? new object() : null, what, timeout);

    public static Task UntilAsync(Func<bool> probe, string what, TimeSpan? timeout = null) =>
        UntilAsync(() => Task.FromResult(probe()), what, timeout);
}
