using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FactTracker.Contracts;
using FactTracker.Publication.Features.ReadFigures;
using FactTracker.Testing;
using static FactTracker.Publication.Tests.PublicationFixture;

namespace FactTracker.Publication.Tests.Features.ReadFigures;

public sealed class ReadFiguresTests(PublicationFixture fixture) : IClassFixture<PublicationFixture>
{
    private async Task<FigureView> WaitForFigureAsync(string figureId, int revision = 1) =>
        await Eventually.UntilAsync(async () =>
        {
            using var response = await fixture.Client.GetAsync($"/v1/figures/{figureId}");
            return response.IsSuccessStatusCode && await response.Content.ReadFromJsonAsync<FigureView>() is { } view
                && view.Figure.Revision >= revision ? view : null;
        }, $"revision {revision} of {figureId} to be published");

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        return problem;
    }

    [Theory]
    [InlineData("/v1/figures/{story}/killed/people")]
    [InlineData("/v1/figures/{story}/killed/people/history")]
    public async Task An_unknown_figure_is_a_404_problem(string path)
    {
        var response = await fixture.Client.GetAsync(path.Replace("{story}", NewStory()));

        await AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Figures_can_be_listed_by_story_and_by_metric()
    {
        var story = NewStory();
        var other = NewStory();
        var published = new[]
        {
            Revision(story, 1, Exact(18), metric: "killed", subject: "security-forces"),
            Revision(story, 1, Exact(748), metric: "injured", subject: "people"),
            Revision(story, 1, Exact(26), metric: "killed", subject: "demonstrators"),
            Revision(other, 1, Exact(3), metric: "killed", subject: "people"),
        };
        foreach (var r in published) await fixture.PublishAsync(r);
        foreach (var r in published) await WaitForFigureAsync(r.FigureId);

        async Task<IReadOnlyList<string>> List(string query) =>
            (await fixture.Client.GetFromJsonAsync<List<FigureView>>($"/v1/figures?{query}"))!.Select(v => v.Figure.Id).ToList();

        Assert.Equal(
            [$"{story}/injured/people", $"{story}/killed/demonstrators", $"{story}/killed/security-forces"],
            (await List($"story={story}")).Order());
        Assert.Equal(
            [$"{story}/killed/demonstrators", $"{story}/killed/security-forces"],
            (await List($"story={story}&metric=killed")).Order());
        Assert.Equal([$"{other}/killed/people"], await List($"story={other}&metric=killed"));
        Assert.Empty(await List($"story={other}&metric=injured"));

        // Across stories: every killed figure, no other metric.
        var killed = await List("metric=killed");
        Assert.Contains($"{story}/killed/security-forces", killed);
        Assert.Contains($"{other}/killed/people", killed);
        Assert.DoesNotContain($"{story}/injured/people", killed);
    }

    [Theory]
    [InlineData("metric=eaten", "metric")]
    [InlineData("story=Not%20A%20Slug", "story")]
    public async Task A_bad_filter_is_a_400_problem_naming_it(string query, string field)
    {
        var response = await fixture.Client.GetAsync($"/v1/figures?{query}");

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _),
            $"expected the problem to name '{field}', got {problem.GetProperty("errors")}");
    }

    public static TheoryData<FigureValue, string> Displays => new()
    {
        { new FigureValue("exact", 748, 748, null), "748" },
        { new FigureValue("at_least", 1000, null, "more than a thousand"), "at least 1000 (more than a thousand)" },
        { new FigureValue("at_most", null, 50, null), "at most 50" },
        { new FigureValue("range", 20, 30, null), "20–30" },
        { new FigureValue("approximate", 24, 99, "dozens"), "about 24–99 (dozens)" },
    };

    [Theory]
    [MemberData(nameof(Displays))]
    public async Task A_figure_reads_as_text_a_reader_understands(FigureValue value, string display)
    {
        var revised = Revision(NewStory(), 1, value);
        await fixture.PublishAsync(revised);

        var view = await WaitForFigureAsync(revised.FigureId);

        Assert.Equal(value, view.Figure.Value);
        Assert.Equal(display, view.Display);
        var history = await fixture.Client.GetFromJsonAsync<FigureHistory>($"/v1/figures/{revised.FigureId}/history");
        Assert.Equal(display, history!.Revisions.Single().Display);
    }
}
