using Npgsql;

namespace FactTracker.Resilience.Tests.Faults;

/// <summary>
/// What the pipeline holds after a fault, read from each service's own schema in the test's database, set against what
/// the traffic was told (202s, 200s) and what the receiver got.
/// </summary>
public sealed class Books
{
    public sealed record Review(Guid ClaimId, Guid UpdateId, string FigureId, string Status, DateTimeOffset SubmittedAt);
    public sealed record Revision(string FigureId, int Number, Guid ClaimId);

    public required IReadOnlyList<Review> Reviews { get; init; }
    public required IReadOnlyList<Revision> Revisions { get; init; }
    /// <summary>Publication's deliveries by status (pending, delivered, failed, cancelled).</summary>
    public required IReadOnlyDictionary<string, int> Deliveries { get; init; }
    /// <summary>Claims service: claims per update.</summary>
    public required IReadOnlyDictionary<Guid, int> Claims { get; init; }

    public static async Task<Books> ReadAsync(string connectionString, string story)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var reviews = new List<Review>();
        await using (var command = new NpgsqlCommand("""
            select r.data->>'claimId', r.data->>'updateId', r.data->>'figureId', r.data->>'status', e.timestamp
            from verification.mt_doc_review r
            join verification.mt_events e on e.stream_id = r.id and e.version = 1
            where r.data->>'story' = @story
            """, connection))
        {
            command.Parameters.AddWithValue("story", story);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                reviews.Add(new Review(Guid.Parse(reader.GetString(0)), Guid.Parse(reader.GetString(1)), reader.GetString(2), reader.GetString(3),
                    reader.GetFieldValue<DateTimeOffset>(4)));
        }
        var revisions = new List<Revision>();
        await using (var command = new NpgsqlCommand("""
            select stream_id, (data->>'revision')::int, data->>'claimId' from verification.mt_events
            where type = 'revision_approved' and stream_id like @prefix
            """, connection))
        {
            command.Parameters.AddWithValue("prefix", story + "/%");
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) revisions.Add(new Revision(reader.GetString(0), reader.GetInt32(1), Guid.Parse(reader.GetString(2))));
        }
        var deliveries = new Dictionary<string, int>();
        await using (var command = new NpgsqlCommand("select data->>'status', count(*)::int from publication.mt_doc_delivery group by 1", connection))
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync()) deliveries[reader.GetString(0)] = reader.GetInt32(1);
        var claims = new Dictionary<Guid, int>();
        await using (var command = new NpgsqlCommand("select data->>'updateId', count(*)::int from claims.mt_doc_claim where data->>'story' = @story group by 1", connection))
        {
            command.Parameters.AddWithValue("story", story);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) claims[Guid.Parse(reader.GetString(0))] = reader.GetInt32(1);
        }
        return new Books { Reviews = reviews, Revisions = revisions, Deliveries = deliveries, Claims = claims };
    }

    /// <summary>Claims in review, for the drain to wait on; 0 while the schema does not exist yet.</summary>
    public static async Task<(int Reviews, int Pending, int PendingDeliveries)> CountAsync(string connectionString, string story)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("""
                select (select count(*)::int from verification.mt_doc_review where data->>'story' = @story),
                       (select count(*)::int from verification.mt_doc_review where data->>'story' = @story and data->>'status' = 'pending'),
                       (select count(*)::int from publication.mt_doc_delivery where data->>'status' = 'pending')
                """, connection);
            command.Parameters.AddWithValue("story", story);
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            return (reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return (0, 0, 0);
        }
    }
}
