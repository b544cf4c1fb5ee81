using Npgsql;

namespace FactTracker.ServiceDefaults;

/// <summary>Connection settings every service's document store uses unless its connection string says otherwise.</summary>
public static class PostgresConnections
{
    /// <summary>
    /// Statements a service runs over and over (Marten's inserts and appends, the outbox and delivery look-ups) are
    /// prepared once per connection instead of parsed and planned on every call; and a pooled connection is not reset on
    /// its way back to the pool, since nothing here leaves session state behind (each change is its own transaction).
    /// </summary>
    public static string Tuned(string connectionString)
    {
        // The keys as written (a generic parse, so a value such as a password is never mistaken for a key).
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString }.Keys
            .Cast<string>().Select(k => k.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant()).ToHashSet();
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!given.Contains("maxautoprepare")) builder.MaxAutoPrepare = 64;
        if (!given.Contains("autoprepareminusages")) builder.AutoPrepareMinUsages = 2;
        if (!given.Contains("noresetonclose")) builder.NoResetOnClose = true;
        return builder.ConnectionString;
    }
}
