namespace FactTracker.ServiceDefaults;

public static class Conflicts
{
    /// <summary>
    /// True when a Marten save lost an optimistic-concurrency race: a document or stream changed since it was
    /// read, or two writers started the same stream. The caller reloads and tries again.
    /// </summary>
    public static bool IsConcurrencyConflict(Exception e) => e is JasperFx.ConcurrencyException
        or Marten.Exceptions.ExistingStreamIdCollisionException
        or JasperFx.Events.ExistingStreamIdCollisionException;
}
