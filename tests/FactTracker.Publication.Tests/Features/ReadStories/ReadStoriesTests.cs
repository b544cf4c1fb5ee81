using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FactTracker.Contracts;
using FactTracker.Publication.Features.ReadStories;
using static FactTracker.Publication.Tests.PublicationFixture;

namespace FactTracker.Publication.Tests.Features.ReadStories;

public sealed class ReadStoriesTests(PublicationFixture fixture) : IClassFixture<PublicationFixture>
{
    private static readonly DateTimeOffset LocalReport = DateTimeOffset.Parse("2022-01-06T10:15:00+06:00");
    private static readonly DateTimeOffset MinistryReport = DateTimeOffset.Parse("2022-01-06T13:40:00+06:00");
    private static readonly FigureValue MoreThanAThousand = new("at_least", 1000, null, "more than a thousand");

    private static readonly string[] Header =
        ["figure_id", "story", "metric", "subject", "kind", "low", "high", "words", "headline", "source", "revision", "contested", "reported_at"];

    /// <summary>
    /// A story with three figures: killed (with words that need quoting), injured (contested) and hospitalized, whose
    /// source is a social-media handle that a spreadsheet would run as a formula.
    /// </summary>
    private async Task<(string Story, string[] FigureIds)> PublishStoryAsync()
    {
        var story = NewStory();
        var killed = new FigureTimeline(story, "killed", "people");
        var injured = new FigureTimeline(story, "injured", "people");
        var hospitalized = new FigureTimeline(story, "hospitalized", "intensive-care");
        await fixture.PublishAsync(killed.Approve(new FigureValue("at_least", 225, null, "at least 225, \"and rising\""), "Prosecutor General", MinistryReport));
        await fixture.PublishAsync(injured.Approve(Exact(748), "Local authorities", LocalReport));
        await fixture.PublishAsync(injured.Approve(MoreThanAThousand, "Ministry of Health", MinistryReport));
        await fixture.PublishAsync(hospitalized.Approve(Exact(62), "@MinZdravRK", LocalReport));
        await fixture.WaitForFigureAsync(killed.FigureId);
        await fixture.WaitForFigureAsync(injured.FigureId, 2);
        await fixture.WaitForFigureAsync(hospitalized.FigureId);
        return (story, [hospitalized.FigureId, injured.FigureId, killed.FigureId]);
    }

    [Fact]
    public async Task A_story_reads_as_all_its_figures_at_once()
    {
        var (story, ids) = await PublishStoryAsync();

        var view = (await fixture.Client.GetFromJsonAsync<StoryView>($"/v1/stories/{story}"))!;

        Assert.Equal(story, view.Story);
        Assert.Equal(ids, view.Figures.Select(f => f.Id));
        var injured = view.Figures[1];
        Assert.Equal((2, MoreThanAThousand, "Ministry of Health", true), (injured.Revision, injured.Headline, injured.HeadlineSource, injured.Contested));
        Assert.Equal(2, injured.Sources.Count);
        Assert.Equal((Exact(62), false), (view.Figures[0].Headline, view.Figures[0].Contested));
    }

    [Theory]
    [InlineData("?format=csv", null)]
    [InlineData("", "text/csv")]
    public async Task A_story_reads_as_csv_with_an_hxl_hashtag_row_and_one_row_per_figure(string query, string? accept)
    {
        var (story, ids) = await PublishStoryAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/stories/{story}{query}");
        if (accept is not null) request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));

        var response = await fixture.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var csv = await response.Content.ReadAsStringAsync();
        var rows = Parse(csv);
        Assert.Equal(Header, rows[0]);
        Assert.StartsWith("#meta+id", csv.Split("\r\n")[1]);
        Assert.All(rows[1], tag => Assert.StartsWith("#", tag));
        Assert.Equal(Header.Length, rows[1].Length);
        Assert.Equal(ids, rows.Skip(2).Select(r => r[0]));
        Assert.All(rows, r => Assert.Equal(Header.Length, r.Length));

        var injured = Row(rows, ids[1]);
        Assert.Equal([ids[1], story, "injured", "people", "at_least", "1000", "", "more than a thousand", "at least 1000 (more than a thousand)",
            "Ministry of Health", "2", "true"], injured[..12]);
        Assert.Equal(MinistryReport, DateTimeOffset.Parse(injured[12], CultureInfo.InvariantCulture));

        // Quoted when it holds a comma or a quote, and read back as written.
        Assert.Equal("at least 225, \"and rising\"", Row(rows, ids[2])[7]);
        // A cell a spreadsheet would run as a formula is escaped so it reads as text.
        var hospitalized = Row(rows, ids[0]);
        Assert.Equal(("62", "62", "'@MinZdravRK", "false"), (hospitalized[5], hospitalized[6], hospitalized[9], hospitalized[11]));
        Assert.DoesNotContain(",@MinZdravRK", csv);
    }

    [Fact]
    public async Task An_unknown_story_is_a_404_problem()
    {
        var response = await fixture.Client.GetAsync($"/v1/stories/{NewStory()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Theory]
    [InlineData("Not_A_Slug", "", "story")]
    [InlineData("kazakhstan-unrest-2022", "?format=xlsx", "format")]
    public async Task A_bad_story_or_format_is_a_400_problem_naming_it(string story, string query, string field)
    {
        var response = await fixture.Client.GetAsync($"/v1/stories/{story}{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"expected the problem to name '{field}', got {problem}");
    }

    private static string[] Row(List<string[]> rows, string figureId) => Assert.Single(rows, r => r[0] == figureId);

    /// <summary>RFC 4180: fields separated by commas, rows by CRLF, quoted fields with doubled quotes.</summary>
    private static List<string[]> Parse(string csv)
    {
        var rows = new List<string[]>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < csv.Length; i++)
        {
            var c = csv[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < csv.Length && csv[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { row.Add(field.ToString()); field.Clear(); }
            else if (c == '\r' && i + 1 < csv.Length && csv[i + 1] == '\n')
            {
                row.Add(field.ToString());
                field.Clear();
                rows.Add([.. row]);
                row.Clear();
                i++;
            }
            else field.Append(c);
        }
        Assert.True(field.Length == 0 && row.Count == 0, "the CSV ends with CRLF");
        return rows;
    }
}
