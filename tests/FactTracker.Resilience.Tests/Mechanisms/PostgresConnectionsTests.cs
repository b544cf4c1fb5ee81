using FactTracker.ServiceDefaults;
using Npgsql;

namespace FactTracker.Resilience.Tests.Mechanisms;

/// <summary>The services prepare repeated statements and skip the pooled reset, unless the connection string says otherwise.</summary>
public sealed class PostgresConnectionsTests
{
    [Fact]
    public void A_plain_connection_string_gets_prepared_statements_and_no_reset()
    {
        var tuned = new NpgsqlConnectionStringBuilder(PostgresConnections.Tuned("Host=db;Database=facttracker;Username=u;Password=p"));
        Assert.Equal(64, tuned.MaxAutoPrepare);
        Assert.Equal(2, tuned.AutoPrepareMinUsages);
        Assert.True(tuned.NoResetOnClose);
        Assert.Equal("db", tuned.Host);
        Assert.Equal("p", tuned.Password);
    }

    [Fact]
    public void What_the_connection_string_sets_is_kept()
    {
        var tuned = new NpgsqlConnectionStringBuilder(PostgresConnections.Tuned(
            "Host=db;Username=u;Max Auto Prepare=0;No Reset On Close=false;AutoPrepareMinUsages=5"));
        Assert.Equal(0, tuned.MaxAutoPrepare);
        Assert.False(tuned.NoResetOnClose);
        Assert.Equal(5, tuned.AutoPrepareMinUsages);
    }
}
