using System.Net;
using System.Net.Http.Headers;
using System.Text;
using FactTracker.Testing;
using Npgsql;

namespace FactTracker.EndToEnd.Tests;

/// <summary>
/// Every public write endpoint of every service, sent what an attacker or a broken client sends: each answer is a
/// 4xx problem-details document, never a 5xx, and not one row of any store changes.
/// </summary>
public sealed class HostileInputTests(PipelineFixture f) : IClassFixture<PipelineFixture>
{
    private static readonly Guid Unknown = Guid.NewGuid();

    /// <summary>Bodies that are wrong for every endpoint, whatever it expects.</summary>
    private static IEnumerable<(string What, HttpContent Body)> Garbage()
    {
        static HttpContent Json(string text) => new StringContent(text, Encoding.UTF8, "application/json");
        static HttpContent Bytes(byte[] bytes)
        {
            var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            return content;
        }
        yield return ("malformed JSON", Json("{\"story\": nope}"));
        yield return ("truncated JSON", Json("{\"story\":\"kz-unrest\",\"text\":\"Five"));
        yield return ("wrong top-level type", Json("[1,2,3]"));
        yield return ("a bare string", Json("\"'; DROP TABLE mt_events; --\""));
        yield return ("wrong field types", Json("{\"story\":42,\"text\":[],\"reason\":{},\"url\":true,\"claimIds\":\"all\",\"value\":\"many\"}"));
        yield return ("an unknown field", Json("{\"isAdmin\":true}"));
        yield return ("10 MB", Json("{\"text\":\"" + new string('a', 10 * 1024 * 1024) + "\"}"));
        yield return ("deeply nested", Json("{\"value\":" + new string('[', 10_000) + new string(']', 10_000) + "}"));
        yield return ("invalid UTF-8", Bytes([.. "{\"reason\":\""u8, 0xff, 0xfe, 0xc3, 0x28, .. "\",\"name\":\""u8, 0xed, 0xa0, 0x80, .. "\"}"u8]));
        yield return ("control characters", Json("{\"reason\":\"\u0000\u0001\u001b[2J\",\"unknown\u0000\":1}"));
        yield return ("a number beyond 64 bits", Json("{\"value\":123456789012345678901234567890,\"claimIds\":[99999999999999999999999]}"));
        yield return ("script and SQL", Json("{\"url\":\"javascript:alert(1)\",\"claimIds\":[\"' OR 1=1 --\"],\"role\":\"<script>alert(1)</script>\"}"));
        yield return ("not JSON at all", new StringContent("story=kz&text=five", Encoding.UTF8, "application/x-www-form-urlencoded"));
    }

    [Fact]
    public async Task Every_write_endpoint_answers_hostile_input_with_a_4xx_problem_and_changes_no_store()
    {
        var p = f.Scope.Principals;
        // A subscription of one subscriber, which the other may not touch.
        using var owner = f.Publication.CreateClient(p.Subscriber);
        var created = await owner.PostAsync("/v1/subscriptions", new StringContent(
            $"{{\"url\":\"{f.Receiver.BaseAddress}hostile\",\"description\":\"mine\"}}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var theirs = System.Text.Json.JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid();

        var ingest = f.Ingest.CreateClient(p.Newsroom);
        var claims = f.Claims.CreateClient(p.Newsroom);
        var verifier = f.Verification.CreateClient(p.Alice);
        var admin = f.Verification.CreateClient(p.Admin);
        var other = f.Publication.CreateClient(p.OtherSubscriber);
        var endpoints = new (HttpClient Client, HttpMethod Method, string Path)[]
        {
            (ingest, HttpMethod.Post, "/v1/updates"),
            (claims, HttpMethod.Post, "/v1/extract"),
            (verifier, HttpMethod.Post, $"/v1/claims/{Unknown}/approve"),
            (verifier, HttpMethod.Post, $"/v1/claims/{Unknown}/reject"),
            (verifier, HttpMethod.Post, $"/v1/claims/{Unknown}/assign"),
            (verifier, HttpMethod.Post, $"/v1/claims/{Unknown}/release"),
            (verifier, HttpMethod.Post, $"/v1/claims/{Unknown}/note"),
            (verifier, HttpMethod.Post, $"/v1/claims/{Unknown}/dispute"),
            (verifier, HttpMethod.Post, $"/v1/claims/{Unknown}/reopen"),
            (verifier, HttpMethod.Post, "/v1/stories/no-such-story/claims/approve"),
            (verifier, HttpMethod.Post, "/v1/stories/no-such-story/claims/reject"),
            (verifier, HttpMethod.Post, "/v1/figures/no-such-story/killed/people/revisions/1/correct"),
            (verifier, HttpMethod.Post, "/v1/figures/no-such-story/killed/people/revisions/-1/retract"),
            (verifier, HttpMethod.Post, "/v1/figures/%27%3B%20drop%20table%20x%3B--/killed/people/revisions/1/pin"),
            (admin, HttpMethod.Post, "/v1/keys"),
            (admin, HttpMethod.Post, $"/v1/keys/{Unknown}/revoke"),
            (other, HttpMethod.Post, "/v1/subscriptions"),
            (other, HttpMethod.Patch, $"/v1/subscriptions/{theirs}"),
            (other, HttpMethod.Post, $"/v1/subscriptions/{theirs}/test"),
            (other, HttpMethod.Post, $"/v1/subscriptions/{theirs}/recover"),
            (other, HttpMethod.Post, $"/v1/subscriptions/{Unknown}/recover"),
            (other, HttpMethod.Post, $"/v1/deliveries/{Unknown}/redeliver"),
        };
        // Endpoints that take no body: another principal's or an unknown id is all there is to get wrong.
        var bodiless = new (HttpClient Client, HttpMethod Method, string Path)[]
        {
            (other, HttpMethod.Delete, $"/v1/subscriptions/{theirs}"),
            (other, HttpMethod.Post, $"/v1/subscriptions/{theirs}/pause"),
            (other, HttpMethod.Post, $"/v1/subscriptions/{theirs}/resume"),
            (other, HttpMethod.Post, $"/v1/subscriptions/{theirs}/rotate-secret"),
            (verifier, HttpMethod.Post, $"/v1/claims/{Unknown}/assign"),
        };

        var before = await SnapshotAsync();
        var wrong = new List<string>();
        foreach (var (client, method, path) in endpoints)
            foreach (var (what, body) in Garbage())
                await ExpectProblemAsync(client, new HttpRequestMessage(method, path) { Content = body }, what, wrong);
        foreach (var (client, method, path) in bodiless)
            await ExpectProblemAsync(client, new HttpRequestMessage(method, path), "another principal's or an unknown id", wrong);
        // Values that parse but make no sense, where a newsroom sends figures.
        foreach (var value in new[] { "-5", "123456789012345678901234567890", "5.5", "{\"kind\":\"range\",\"low\":10,\"high\":5}",
                     "{\"kind\":\"range\",\"low\":-10,\"high\":5}", "{\"kind\":\"exact\",\"low\":9223372036854775808}", "{\"kind\":\"'; drop table x; --\",\"low\":5}" })
        {
            var body = $"{{\"story\":\"hostile-input\",\"text\":\"Five people were killed.\",\"source\":\"Ministry of Health\"," +
                       $"\"publishedAt\":\"2022-01-06T10:00:00+06:00\",\"figures\":[{{\"metric\":\"killed\",\"subject\":\"people\",\"value\":{value},\"source\":\"Ministry of Health\"}}]}}";
            await ExpectProblemAsync(ingest, new HttpRequestMessage(HttpMethod.Post, "/v1/updates")
                { Content = new StringContent(body, Encoding.UTF8, "application/json") }, $"figure value {value}", wrong);
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        Assert.Equal(before, await SnapshotAsync());
    }

    private static async Task ExpectProblemAsync(HttpClient client, HttpRequestMessage request, string what, List<string> wrong)
    {
        var label = $"{request.Method} {request.RequestUri} with {what}";
        using var response = await client.SendAsync(request);
        var status = (int)response.StatusCode;
        if (status is < 400 or >= 500)
            wrong.Add($"{label}: {status} {Truncate(await response.Content.ReadAsStringAsync())}");
        else if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            wrong.Add($"{label}: {status} without problem details ({response.Content.Headers.ContentType})");
    }

    private static string Truncate(string s) => s.Length > 300 ? s[..300] : s;

    /// <summary>
    /// A digest of every row of every table of the scope's database (all services' schemas). Documents are compared
    /// without the key's last-use time and Marten's row metadata: authenticating a request is not a change it made.
    /// </summary>
    private async Task<Dictionary<string, string>> SnapshotAsync()
    {
        await using var connection = new NpgsqlConnection(f.Scope.PostgresConnectionString);
        await connection.OpenAsync();
        var tables = new List<(string Name, bool Document)>();
        await using (var list = new NpgsqlCommand(
            "select quote_ident(t.table_schema) || '.' || quote_ident(t.table_name), exists (select 1 from information_schema.columns c " +
            "where c.table_schema = t.table_schema and c.table_name = t.table_name and c.column_name = 'data' and c.data_type = 'jsonb') " +
            "from information_schema.tables t where t.table_type = 'BASE TABLE' and t.table_schema not in ('pg_catalog', 'information_schema') order by 1", connection))
        await using (var reader = await list.ExecuteReaderAsync())
            while (await reader.ReadAsync()) tables.Add((reader.GetString(0), reader.GetBoolean(1)));
        var digests = new Dictionary<string, string>();
        foreach (var (table, document) in tables)
        {
            var row = document ? "(t.data - 'lastUsedAt')::text" : "t::text";
            await using var digest = new NpgsqlCommand($"select count(*) || ':' || coalesce(md5(string_agg({row}, '|' order by {row})), '') from {table} t", connection);
            digests[table] = (string)(await digest.ExecuteScalarAsync())!;
        }
        return digests;
    }
}
