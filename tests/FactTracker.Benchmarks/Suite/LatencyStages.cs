using Npgsql;

namespace FactTracker.Benchmarks.Suite;

/// <summary>
/// Where an approval's webhook spends its time, from what the services stored: the decision time Verification put in
/// FigureRevised, when each service's commit processed the figure's event, when Publication consumed the message, when
/// the delivery's attempt started and how long the endpoint took to answer. Every clock is this machine's.
/// </summary>
public static class LatencyStages
{
    public static readonly string[] Names =
    [
        "approved -> Verification's commit",
        "Verification's commit -> Publication consumes (outbox relay, broker)",
        "Publication consumes -> its commit",
        "Publication's commit -> webhook sent (hand-over, claim)",
        "webhook POST answered",
    ];

    /// <summary>Each stage's durations (ms) for the deliveries of <paramref name="figures"/> to one subscription, once all are recorded.</summary>
    public static async Task<double[][]> MeasureAsync(string connectionString, Guid subscription, IReadOnlyCollection<string> figures)
    {
        await using var db = new NpgsqlConnection(connectionString);
        await db.OpenAsync();
        // A webhook arrives before its success is recorded.
        await Load.UntilAsync(async () =>
        {
            await using var count = new NpgsqlCommand(
                "select count(*) from publication.mt_doc_delivery where subscription_id = @s and status = 'delivered' " +
                "and (data ->> 'payload')::jsonb -> 'data' ->> 'figureId' = any(@f)", db);
            count.Parameters.AddWithValue("s", subscription);
            count.Parameters.AddWithValue("f", figures.ToArray());
            return (long)(await count.ExecuteScalarAsync())! >= figures.Count;
        }, TimeSpan.FromMinutes(1), "the latency deliveries to be recorded", 100);

        await using var command = new NpgsqlCommand("""
            with d as (
              select (data ->> 'payload')::jsonb p, data from publication.mt_doc_delivery
              where subscription_id = @s and status = 'delivered' and (data ->> 'payload')::jsonb -> 'data' ->> 'figureId' = any(@f)),
            x as (
              select p, data,
                (select max(v.timestamp) from verification.mt_events v where v.stream_id = p -> 'data' ->> 'figureId') verified,
                (select max(e.timestamp) from publication.mt_events e where e.stream_id = p -> 'data' ->> 'figureId') published
              from d)
            select extract(epoch from (verified - (p -> 'data' ->> 'recordedAt')::timestamptz)) * 1000,
                   extract(epoch from ((p ->> 'timestamp')::timestamptz - verified)) * 1000,
                   extract(epoch from (published - (p ->> 'timestamp')::timestamptz)) * 1000,
                   extract(epoch from ((data -> 'attempts' -> 0 ->> 'startedAt')::timestamptz - published)) * 1000,
                   (data ->> 'lastLatencyMs')::float8
            from x
            """, db);
        command.Parameters.AddWithValue("s", subscription);
        command.Parameters.AddWithValue("f", figures.ToArray());
        var stages = Names.Select(_ => new List<double>()).ToArray();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            for (var i = 0; i < stages.Length; i++)
                if (!reader.IsDBNull(i)) stages[i].Add(Convert.ToDouble(reader.GetValue(i)));
        return stages.Select(s => s.Order().ToArray()).ToArray();
    }
}
