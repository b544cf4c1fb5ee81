using FactTracker.ServiceDefaults;
using FactTracker.Testing;
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

    // Leases and the relay's deletes commit without waiting for the disk: the setting must hold for that one transaction
    // and never stay on a pooled connection, which is not reset when it goes back to the pool.
    [Fact]
    public async Task A_commit_made_asynchronous_for_one_batch_leaves_the_pooled_connection_as_it_was()
    {
        var builder = new NpgsqlConnectionStringBuilder(PostgresConnections.Tuned(InfrastructureScope.PostgresServer))
        {
            MaxPoolSize = 1, // the next command surely gets the same connection
            ApplicationName = $"ft-sync-{Guid.NewGuid():N}", // a pool of its own
        };
        await using var source = NpgsqlDataSource.Create(builder.ConnectionString);

        await using (var connection = await source.OpenConnectionAsync())
        {
            await using var batch = new NpgsqlBatch(connection);
            batch.BatchCommands.Add(new NpgsqlBatchCommand("select set_config('synchronous_commit', 'off', true)"));
            batch.BatchCommands.Add(new NpgsqlBatchCommand("select current_setting('synchronous_commit')"));
            await using var reader = await batch.ExecuteReaderAsync();
            await reader.NextResultAsync();
            Assert.True(await reader.ReadAsync());
            Assert.Equal("off", reader.GetString(0)); // the batch is one transaction: its last statement commits without waiting
        }

        await using (var connection = await source.OpenConnectionAsync())
        {
            await using var show = new NpgsqlCommand("show synchronous_commit", connection);
            Assert.Equal("on", await show.ExecuteScalarAsync());
        }
    }
}
