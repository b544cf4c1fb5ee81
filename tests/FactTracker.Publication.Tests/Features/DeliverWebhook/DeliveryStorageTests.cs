using Npgsql;

namespace FactTracker.Publication.Tests.Features.DeliverWebhook;

/// <summary>
/// The deliveries table carries the indexes the scheduler and the listings read, and no others: each index is written
/// again on every claim and saved outcome.
/// </summary>
public sealed class DeliveryStorageTests(PublicationFixture fixture) : IClassFixture<PublicationFixture>
{
    private async Task<Dictionary<string, string>> IndexesAsync()
    {
        var (subscriptionId, _) = await fixture.SubscribeAsync();
        // Listing its deliveries makes sure the table exists.
        await fixture.DeliveriesAsync(subscriptionId);
        await fixture.UnsubscribeAsync(subscriptionId);
        await using var connection = new NpgsqlConnection(fixture.Scope.PostgresConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select indexname, indexdef from pg_indexes where schemaname = 'publication' and tablename = 'mt_doc_delivery'", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var indexes = new Dictionary<string, string>();
        while (await reader.ReadAsync()) indexes[reader.GetString(0)] = reader.GetString(1);
        return indexes;
    }

    [Fact]
    public async Task The_lane_check_and_the_due_look_use_pending_only_indexes_led_by_the_subscription()
    {
        var indexes = await IndexesAsync();
        Assert.EndsWith("(subscription_id, lane, \"position\") WHERE ((status)::text = 'pending'::text)", indexes["mt_doc_delivery_lane"]);
        Assert.EndsWith("(subscription_id, next_attempt_at) WHERE ((status)::text = 'pending'::text)", indexes["mt_doc_delivery_due"]);
    }

    [Fact]
    public async Task No_one_column_index_is_kept_for_a_duplicated_field()
    {
        var indexes = await IndexesAsync();
        Assert.Equal(
            ["mt_doc_delivery_by_status", "mt_doc_delivery_by_subscription", "mt_doc_delivery_due", "mt_doc_delivery_idx_figure_id",
             "mt_doc_delivery_lane", "pkey_mt_doc_delivery_id"],
            indexes.Keys.Order(StringComparer.Ordinal));
    }
}
