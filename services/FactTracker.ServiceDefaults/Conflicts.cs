namespace FactTracker.ServiceDefaults;

public static class Conflicts
{
    /// <summary>
    /// True when a Marten save lost an optimistic-concurrency race: a document or stream changed since it was
    /// read, or two writers started the same stream. The caller reloads and tries again.
    /// </summary>
    public static bool IsConcurrencyConflict(Exception e) => e switch
    {
        JasperFx.ConcurrencyException or Marten.Exceptions.ExistingStreamIdCollisionException
            or JasperFx.Events.ExistingStreamIdCollisionException => true,
        // One save can lose on several streams at once (a claim's review and its figure).
        AggregateException all => all.InnerExceptions.Count > 0 && all.InnerExceptions.All(IsConcurrencyConflict),
        // Two writers starting the same stream in Marten's quick append: the loser sees the stream's key taken.
        Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation } unique => StreamKeys.Contains(unique.ConstraintName),
        _ => e.InnerException is { } inner && IsConcurrencyConflict(inner),
    };

    private static readonly HashSet<string?> StreamKeys = new(StringComparer.Ordinal) { "pkey_mt_streams_id", "pk_mt_events_stream_and_version" };
}

public static class ConflictRetry
{
    /// <summary>
    /// Runs <paramref name="work"/> in a fresh session and commits, again from the start (up to <paramref name="attempts"/>
    /// times) when the commit loses an optimistic-concurrency race. <paramref name="work"/> decides and stages its changes;
    /// this commits them.
    /// </summary>
    public static async Task<T> RunAsync<T>(Marten.IDocumentStore store, Func<Marten.IDocumentSession, Task<T>> work, CancellationToken ct, int attempts = 5)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession();
            var result = await work(session);
            try
            {
                await session.SaveChangesAsync(ct);
                return result;
            }
            catch (Exception e) when (Conflicts.IsConcurrencyConflict(e) && attempt < attempts)
            {
            }
        }
    }
}
