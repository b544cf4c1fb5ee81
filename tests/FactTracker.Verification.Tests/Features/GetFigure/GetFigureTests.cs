using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FactTracker.Contracts;
using FactTracker.Figures;
using FactTracker.Verification.Figures;

namespace FactTracker.Verification.Tests.Features.GetFigure;

public sealed class GetFigureTests(VerificationFixture fixture) : IClassFixture<VerificationFixture>
{
    private static readonly FigureValue MoreThanAThousand = new("at_least", 1000, null, "more than a thousand");

    [Fact]
    public async Task A_figure_reads_as_its_state_with_every_source_and_its_stream_in_order()
    {
        var story = VerificationFixture.NewStory();
        var local = VerificationFixture.NewClaim(story, source: "Local authorities") with { ReportedAt = DateTimeOffset.Parse("2022-01-06T10:15:00+06:00") };
        var ministry = VerificationFixture.NewClaim(story, value: MoreThanAThousand, source: "Ministry of Health")
            with { ReportedAt = DateTimeOffset.Parse("2022-01-06T13:40:00+06:00") };
        await fixture.ApproveAllAsync(local, ministry);
        var figureId = $"{story}/injured/people";

        var figure = (await fixture.Client.GetFromJsonAsync<Figure>($"/v1/figures/{figureId}"))!;

        Assert.Equal((figureId, story, "injured", "people", 2), (figure.Id, figure.Story, figure.Metric, figure.Subject, figure.Revision));
        Assert.Equal((MoreThanAThousand, "Ministry of Health", 2, false, true),
            (figure.State.Headline, figure.State.HeadlineSource, figure.State.HeadlineRevision, figure.State.HeadlinePinned, figure.State.Contested));
        Assert.Equal(
            [("Local authorities", FigureValues.Exact(748), 1, local.ReportedAt), ("Ministry of Health", MoreThanAThousand, 2, ministry.ReportedAt)],
            figure.State.Sources.Select(s => (s.Source, s.Value, s.Revision, s.ReportedAt)));
        Assert.Empty(figure.Held);

        var events = await fixture.EventsAsync(figureId);
        Assert.Equal([1L, 2L, 3L], events.Select(e => e.GetProperty("version").GetInt64()));
        Assert.Equal(["figure_opened", "revision_approved", "revision_approved"], events.Select(e => e.GetProperty("type").GetString()));
        Assert.Equal(figureId, events[0].GetProperty("data").GetProperty("figureId").GetString());
        var second = events[2].GetProperty("data");
        Assert.Equal((2, "Ministry of Health", ministry.ClaimId), (second.GetProperty("revision").GetInt32(),
            second.GetProperty("source").GetString(), second.GetProperty("claimId").GetGuid()));
        Assert.Equal(["alice"], second.GetProperty("verifiers").EnumerateArray().Select(v => v.GetString()));
        Assert.True(second.GetProperty("state").GetProperty("contested").GetBoolean());
        Assert.True(events[1].GetProperty("timestamp").GetDateTimeOffset() <= events[2].GetProperty("timestamp").GetDateTimeOffset());
    }

    [Theory]
    [InlineData("")]
    [InlineData("/events")]
    public async Task An_unknown_figure_is_a_404_problem(string suffix)
    {
        var response = await fixture.Client.GetAsync($"/v1/figures/{VerificationFixture.NewStory()}/injured/people{suffix}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(404, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetInt32());
    }
}
