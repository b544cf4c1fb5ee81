using System.Net;
using FactTracker.Testing;
using Npgsql;
using static FactTracker.Publication.Tests.PublicationFixture;

namespace FactTracker.Publication.Tests.Figures;

/// <summary>A Publication of its own: the test empties views every figure on its database relies on.</summary>
public sealed class BackfillFixture() : PublicationFixture(allowLoopback: true);

public sealed class RevisionViewsBackfillTests(BackfillFixture fixture) : IClassFixture<BackfillFixture>
{
    [Fact]
    public async Task A_database_whose_figures_predate_the_asOf_and_reportedAsOf_views_gets_them_rebuilt_at_start_up()
    {
        var timeline = new FigureTimeline(NewStory(), "killed", "people");
        var first = timeline.Approve(Exact(12), "Ministry of Health");
        await fixture.PublishAsync(first);
        await fixture.WaitForFigureAsync(first.FigureId);
        var second = timeline.Approve(Exact(30), "Police");
        await fixture.PublishAsync(second);
        await fixture.WaitForFigureAsync(first.FigureId, revision: 2);
        var asOf = $"/v1/figures/{first.FigureId}?asOf={Uri.EscapeDataString(DateTimeOffset.UtcNow.ToString("O"))}";
        var reportedAsOf = $"/v1/figures/{first.FigureId}?reportedAsOf={Uri.EscapeDataString(second.ReportedAt.ToString("O"))}";
        Assert.Equal(HttpStatusCode.OK, (await fixture.Client.GetAsync(asOf)).StatusCode);

        // What a database written before the views existed looks like: figures, and no per-revision rows.
        await using (var connection = new NpgsqlConnection(fixture.Scope.PostgresConnectionString))
        {
            await connection.OpenAsync();
            await using var empty = new NpgsqlCommand("delete from publication.mt_doc_publishedrevision; delete from publication.mt_doc_reportedrevision", connection);
            await empty.ExecuteNonQueryAsync();
        }
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Client.GetAsync(asOf)).StatusCode);

        await fixture.RestartAsync();

        // The two views are rebuilt one after the other: wait for the second.
        var rebuilt = await Eventually.UntilAsync(async () =>
        {
            using var response = await fixture.Client.GetAsync(reportedAsOf);
            return response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync() : null;
        }, "reportedAsOf to answer again after the rebuild");
        Assert.Contains("\"revision\":2", rebuilt);
        using var asOfAgain = await fixture.Client.GetAsync(asOf);
        Assert.Equal(HttpStatusCode.OK, asOfAgain.StatusCode);
        Assert.Contains("\"revision\":2", await asOfAgain.Content.ReadAsStringAsync());
    }
}
