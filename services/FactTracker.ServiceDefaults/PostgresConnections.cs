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
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!Mentions(connectionString, "Max Auto Prepare", "MaxAutoPrepare")) builder.MaxAutoPrepare = 64;
        if (!Mentions(connectionString, "Auto Prepare Min Usages", "AutoPrepareMinUsages")) builder.AutoPrepareMinUsages = 2;
        if (!Mentions(connectionString, "No Reset On Close", "NoResetOnClose")) builder.NoResetOnClose = true;
        return builder.ConnectionString;
    }

    private static bool Mentions(string connectionString, params string[] keys) =>
        keys.Any(k => connectionString.Contains(k, StringComparison.OrdinalIgnoreCase));
}
