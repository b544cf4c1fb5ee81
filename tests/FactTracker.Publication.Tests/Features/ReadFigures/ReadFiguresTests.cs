using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FactTracker.Contracts;
using FactTracker.Publication.Features.ReadFigures;
using FactTracker.Publication.Figures;
using FactTracker.Testing;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using static FactTracker.Publication.Tests.PublicationFixture;

namespace FactTracker.Publication.Tests.Features.ReadFigures;

public sealed class ReadFiguresTests(PublicationFixture fixture) : IClassFixture<PublicationFixture>
{
    private Task<FigureView> WaitForFigureAsync(string figureId, int revision = 1) => fixture.WaitForFigureAsync(figureId, revision);

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
    [InlineData("/v1/figures/{story}/killed/people/revisions?after=0")]
    [InlineData("/v1/figures/{story}/killed/people?asOf=2022-01-06T12:00:00Z")]
    [InlineData("/v1/figures/{story}/killed/people?reportedAsOf=2022-01-06T12:00:00Z")]
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
            Revision(story, Exact(18), metric: "killed", subject: "security-forces"),
            Revision(story, Exact(748), metric: "injured", subject: "people"),
            Revision(story, Exact(26), metric: "killed", subject: "demonstrators"),
            Revision(other, Exact(3), metric: "killed", subject: "people"),
        };
        foreach (var r in published) await fixture.PublishAsync(r);
        foreach (var r in published) await WaitForFigureAsync(r.FigureId);

        async Task<IReadOnlyList<string>> List(string query) =>
            (await fixture.Client.GetFromJsonAsync<List<FigureView>>($"/v1/figures?{query}"))!.Select(v => v.Id).ToList();

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
        var revised = Revision(NewStory(), value);
        await fixture.PublishAsync(revised);

        var view = await WaitForFigureAsync(revised.FigureId);

        Assert.Equal(value, view.Headline);
        Assert.Equal(display, view.Display);
        var history = await fixture.Client.GetFromJsonAsync<FigureHistory>($"/v1/figures/{revised.FigureId}/history");
        Assert.Equal(display, history!.Revisions.Single().Display);
    }

    private static readonly DateTimeOffset LocalReport = DateTimeOffset.Parse("2022-01-06T10:15:00+06:00");
    private static readonly DateTimeOffset MinistryReport = DateTimeOffset.Parse("2022-01-06T13:40:00+06:00");
    private static readonly FigureValue MoreThanAThousand = new("at_least", 1000, null, "more than a thousand");

    private static string Query(DateTimeOffset t) => Uri.EscapeDataString(t.ToString("O"));

    /// <summary>The local authorities' 748 injured, then the Ministry of Health's "more than a thousand": contested.</summary>
    private async Task<FigureTimeline> PublishInjuredAsync()
    {
        var injured = new FigureTimeline(NewStory(), "injured", "people");
        await fixture.PublishAsync(injured.Approve(Exact(748), "Local authorities", LocalReport));
        await fixture.PublishAsync(injured.Approve(MoreThanAThousand, "Ministry of Health", MinistryReport));
        await WaitForFigureAsync(injured.FigureId, 2);
        return injured;
    }

    [Fact]
    public async Task A_figure_reads_as_its_headline_every_sources_value_and_whether_they_contradict_each_other()
    {
        var injured = await PublishInjuredAsync();

        var view = (await fixture.Client.GetFromJsonAsync<FigureView>($"/v1/figures/{injured.FigureId}"))!;

        Assert.Equal((injured.FigureId, injured.Story, "injured", "people", 2), (view.Id, view.Story, view.Metric, view.Subject, view.Revision));
        Assert.Equal((MoreThanAThousand, "at least 1000 (more than a thousand)", "Ministry of Health", 2, false, true),
            (view.Headline, view.Display, view.HeadlineSource, view.HeadlineRevision, view.HeadlinePinned, view.Contested));
        Assert.Equal(
            [("Local authorities", Exact(748), "748", 1, LocalReport), ("Ministry of Health", MoreThanAThousand, "at least 1000 (more than a thousand)", 2, MinistryReport)],
            view.Sources.Select(s => (s.Source, s.Value, s.Display, s.Revision, s.ReportedAt)));
        Assert.Equal(new FigureLinks($"/v1/figures/{injured.FigureId}", $"/v1/figures/{injured.FigureId}/history",
            $"/v1/figures/{injured.FigureId}/revisions?after=2"), view.Links);
    }

    /// <summary>
    /// The police's 100 then 164; two verifiers retract the 164; the 100 is corrected to 110.
    /// </summary>
    private async Task<FigureTimeline> PublishCorrectedAsync()
    {
        var killed = new FigureTimeline(NewStory());
        await fixture.PublishAsync(killed.Approve(Exact(100), "Police"));
        await fixture.PublishAsync(killed.Approve(Exact(164), "Police"));
        await fixture.PublishAsync(killed.Retract(2, "the police withdrew the 164", ["alice", "bob"]));
        await fixture.PublishAsync(killed.Correct(1, Exact(110), "the police's own correction", ["carol"]));
        await WaitForFigureAsync(killed.FigureId, 4);
        return killed;
    }

    [Fact]
    public async Task The_history_keeps_a_corrected_or_retracted_revision_marked_with_the_revision_that_superseded_it()
    {
        var killed = await PublishCorrectedAsync();

        var history = (await fixture.Client.GetFromJsonAsync<FigureHistory>($"/v1/figures/{killed.FigureId}/history"))!;

        Assert.Equal((killed.FigureId, 4, 1, 100), (history.FigureId, history.Total, history.Page, history.PageSize));
        Assert.Equal([1, 2, 3, 4], history.Revisions.Select(r => r.Revision));
        Assert.Equal(["approved", "approved", "retracted", "corrected"], history.Revisions.Select(r => r.Change));
        Assert.Equal([null, null, 2, 1], history.Revisions.Select(r => r.TargetRevision));
        Assert.Equal(["corrected by revision 4", "retracted by revision 3", null, null], history.Revisions.Select(r => r.SupersededBy));
        Assert.Equal([Exact(100), Exact(164), Exact(100), Exact(110)], history.Revisions.Select(r => r.Headline));
        Assert.Equal([null, Exact(100), Exact(164), Exact(100)], history.Revisions.Select(r => r.PreviousHeadline));
        var retraction = history.Revisions[2];
        Assert.Equal(("Police", "the police withdrew the 164", (FigureValue?)null), (retraction.Source, retraction.Reason, retraction.Value));
        Assert.Equal(["alice", "bob"], retraction.VerifiedBy);
        Assert.Equal((Exact(110), "110", "the police's own correction"), (history.Revisions[3].Value, history.Revisions[3].Display, history.Revisions[3].Reason));

        // A page holds its marks even when the revisions that superseded them are on a later page.
        var first = (await fixture.Client.GetFromJsonAsync<FigureHistory>($"/v1/figures/{killed.FigureId}/history?page=1&pageSize=2"))!;
        var second = (await fixture.Client.GetFromJsonAsync<FigureHistory>($"/v1/figures/{killed.FigureId}/history?page=2&pageSize=2"))!;
        Assert.Equal([(1, "corrected by revision 4"), (2, "retracted by revision 3")], first.Revisions.Select(r => (r.Revision, r.SupersededBy)));
        Assert.Equal([3, 4], second.Revisions.Select(r => r.Revision));
        Assert.All([first, second], p => Assert.Equal((4, 2), (p.Total, p.PageSize)));

        var now = await WaitForFigureAsync(killed.FigureId, 4);
        Assert.Equal((Exact(110), 1, 4), (now.Headline, now.HeadlineRevision, now.Revision));
        Assert.Equal([("Police", Exact(110), 1)], now.Sources.Select(s => (s.Source, s.Value, s.Revision)));
    }

    [Fact]
    public async Task The_revisions_after_N_are_the_ones_a_subscriber_missed()
    {
        var killed = await PublishCorrectedAsync();

        async Task<List<RevisionView>> After(int n) =>
            (await fixture.Client.GetFromJsonAsync<List<RevisionView>>($"/v1/figures/{killed.FigureId}/revisions?after={n}"))!;

        Assert.Equal([(3, "retracted"), (4, "corrected")], (await After(2)).Select(r => (r.Revision, r.Change)));
        Assert.Equal([1, 2, 3, 4], (await After(0)).Select(r => r.Revision));
        Assert.Empty(await After(4));
        Assert.Empty(await After(40));
    }

    [Theory]
    [InlineData("after=-1", "after")]
    [InlineData("after=abc", "after")]
    public async Task A_bad_after_is_a_400_problem_naming_it(string query, string field)
    {
        var revised = Revision(NewStory(), Exact(5));
        await fixture.PublishAsync(revised);
        await WaitForFigureAsync(revised.FigureId);

        var problem = await AssertProblemAsync(await fixture.Client.GetAsync($"/v1/figures/{revised.FigureId}/revisions?{query}"), HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"expected the problem to name '{field}', got {problem}");
    }

    // Marten stamps each published revision with its database transaction's time: a time taken after revision 1
    // is readable and before revision 2 is published falls between the two.
    [Fact]
    public async Task As_of_a_time_between_two_publications_the_figure_is_as_it_was_published_then()
    {
        var injured = new FigureTimeline(NewStory(), "injured", "people");
        var beforeAll = DateTimeOffset.UtcNow;
        await fixture.PublishAsync(injured.Approve(Exact(748), "Local authorities", LocalReport));
        await WaitForFigureAsync(injured.FigureId, 1);
        var between = DateTimeOffset.UtcNow;
        await fixture.PublishAsync(injured.Approve(MoreThanAThousand, "Ministry of Health", MinistryReport));
        await WaitForFigureAsync(injured.FigureId, 2);

        var then = (await fixture.Client.GetFromJsonAsync<FigureView>($"/v1/figures/{injured.FigureId}?asOf={Query(between)}"))!;

        Assert.Equal((1, Exact(748), "Local authorities", false), (then.Revision, then.Headline, then.HeadlineSource, then.Contested));
        Assert.Equal(["Local authorities"], then.Sources.Select(s => s.Source));
        Assert.Equal(between, then.AsOf);

        // The same instant written in another offset is the same time.
        var local = (await fixture.Client.GetFromJsonAsync<FigureView>($"/v1/figures/{injured.FigureId}?asOf={Query(between.ToOffset(TimeSpan.FromHours(6)))}"))!;
        Assert.Equal((1, Exact(748)), (local.Revision, local.Headline));

        var now = (await fixture.Client.GetFromJsonAsync<FigureView>($"/v1/figures/{injured.FigureId}?asOf={Query(DateTimeOffset.UtcNow.AddMinutes(1))}"))!;
        Assert.Equal((2, MoreThanAThousand, true), (now.Revision, now.Headline, now.Contested));

        var before = await fixture.Client.GetAsync($"/v1/figures/{injured.FigureId}?asOf={Query(beforeAll)}");
        await AssertProblemAsync(before, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Reported_as_of_a_time_between_two_sources_reports_the_figure_is_what_had_been_reported_by_then()
    {
        var injured = await PublishInjuredAsync();
        var between = DateTimeOffset.Parse("2022-01-06T12:00:00+06:00");

        var then = (await fixture.Client.GetFromJsonAsync<FigureView>($"/v1/figures/{injured.FigureId}?reportedAsOf={Query(between)}"))!;

        Assert.Equal((1, Exact(748), "Local authorities", false), (then.Revision, then.Headline, then.HeadlineSource, then.Contested));
        Assert.Equal(["Local authorities"], then.Sources.Select(s => s.Source));
        Assert.Equal(between, then.ReportedAsOf);
        Assert.Null(then.AsOf);
        var now = (await fixture.Client.GetFromJsonAsync<FigureView>($"/v1/figures/{injured.FigureId}"))!;
        Assert.True(now.Contested);
        Assert.Equal(MoreThanAThousand, now.Headline);

        var afterBoth = (await fixture.Client.GetFromJsonAsync<FigureView>($"/v1/figures/{injured.FigureId}?reportedAsOf={Query(MinistryReport)}"))!;
        Assert.Equal((2, MoreThanAThousand, true), (afterBoth.Revision, afterBoth.Headline, afterBoth.Contested));

        var beforeAny = await fixture.Client.GetAsync($"/v1/figures/{injured.FigureId}?reportedAsOf={Query(LocalReport.AddMinutes(-1))}");
        await AssertProblemAsync(beforeAny, HttpStatusCode.NotFound);
    }

    // What was learnt later about a report still applies to it: reportedAsOf shows the corrected value, not the mistake.
    [Fact]
    public async Task Reported_as_of_a_time_shows_later_corrections_of_what_was_reported_by_then()
    {
        var killed = await PublishCorrectedAsync();

        var then = (await fixture.Client.GetFromJsonAsync<FigureView>(
            $"/v1/figures/{killed.FigureId}?reportedAsOf={Query(FigureTimeline.ReportedAt(1))}"))!;

        Assert.Equal((1, Exact(110)), (then.Revision, then.Headline));
    }

    private async Task<FigureView> ReportedAsOfAsync(string figureId, DateTimeOffset t) =>
        (await fixture.Client.GetFromJsonAsync<FigureView>($"/v1/figures/{figureId}?reportedAsOf={Query(t)}"))!;

    /// <summary>reportedAsOf=T answers what the timeline folds from the reports made by T, at every report time and between.</summary>
    private async Task AssertReportedAsOfEverywhereAsync(FigureTimeline timeline, IEnumerable<DateTimeOffset> reportTimes)
    {
        foreach (var t in reportTimes.SelectMany(t => new[] { t, t.AddSeconds(30) }).Distinct().Order())
        {
            var (state, revision) = timeline.ReportedBy(t);
            var view = await ReportedAsOfAsync(timeline.FigureId, t);
            Assert.Equal((revision, state.Headline, state.HeadlineSource, state.HeadlineRevision, state.HeadlinePinned, state.Contested),
                (view.Revision, view.Headline, view.HeadlineSource, view.HeadlineRevision, view.HeadlinePinned, view.Contested));
            Assert.Equal(state.Sources.Select(x => (x.Source, x.Value, x.Revision, x.ReportedAt)),
                view.Sources.Select(x => (x.Source, x.Value, x.Revision, x.ReportedAt)));
        }
    }

    // Police 100, Ministry 120, Police 130 are reported in that order; the 130 is retracted and the 100 corrected to 105 only
    // after all three: every earlier time reads the correction and the retraction, not just the time of the report changed.
    [Fact]
    public async Task Reported_as_of_any_time_applies_corrections_and_retractions_made_after_later_reports()
    {
        var killed = new FigureTimeline(NewStory());
        await fixture.PublishAsync(killed.Approve(Exact(100), "Police"));
        await fixture.PublishAsync(killed.Approve(Exact(120), "Ministry of Health"));
        await fixture.PublishAsync(killed.Approve(Exact(130), "Police"));
        await WaitForFigureAsync(killed.FigureId, 3);
        var beforeCorrections = await ReportedAsOfAsync(killed.FigureId, FigureTimeline.ReportedAt(3));
        Assert.Equal((3, Exact(130), "Police", true), (beforeCorrections.Revision, beforeCorrections.Headline, beforeCorrections.HeadlineSource, beforeCorrections.Contested));

        await fixture.PublishAsync(killed.Retract(3, "the police withdrew the 130"));
        await fixture.PublishAsync(killed.Correct(1, Exact(105), "the police's own correction"));
        await WaitForFigureAsync(killed.FigureId, 5);

        var first = await ReportedAsOfAsync(killed.FigureId, FigureTimeline.ReportedAt(1));
        Assert.Equal((1, Exact(105), "Police"), (first.Revision, first.Headline, first.HeadlineSource));
        // The newest report made by then is still revision 3, though it was retracted; what stands is the 105 and the 120.
        var third = await ReportedAsOfAsync(killed.FigureId, FigureTimeline.ReportedAt(3));
        Assert.Equal((3, Exact(120), "Ministry of Health", true), (third.Revision, third.Headline, third.HeadlineSource, third.Contested));
        Assert.Equal([("Ministry of Health", Exact(120), 2), ("Police", Exact(105), 1)], third.Sources.Select(x => (x.Source, x.Value, x.Revision)));
        await AssertReportedAsOfEverywhereAsync(killed, Enumerable.Range(1, 3).Select(FigureTimeline.ReportedAt));
    }

    // A report approved after later ones (made between them) joins every time from its own; a pin on an older report holds
    // the headline from that report's time on, and a time before it knows nothing of the pin.
    [Fact]
    public async Task Reported_as_of_any_time_includes_a_late_report_and_a_pin_from_their_report_times_on()
    {
        var killed = new FigureTimeline(NewStory());
        await fixture.PublishAsync(killed.Approve(Exact(100), "Police"));
        await fixture.PublishAsync(killed.Approve(Exact(120), "Ministry of Health"));
        await fixture.PublishAsync(killed.Approve(Exact(150), "Police"));
        var late = FigureTimeline.ReportedAt(1).AddSeconds(20);
        await fixture.PublishAsync(killed.Approve(Exact(90), "Local authorities", late));
        await fixture.PublishAsync(killed.Pin(2, "the ministry's count is the official one"));
        await WaitForFigureAsync(killed.FigureId, 5);

        var beforeLate = await ReportedAsOfAsync(killed.FigureId, late.AddSeconds(-1));
        Assert.Equal((1, Exact(100), false), (beforeLate.Revision, beforeLate.Headline, beforeLate.HeadlinePinned));
        var atLate = await ReportedAsOfAsync(killed.FigureId, late);
        Assert.Equal((4, Exact(90), "Local authorities", false), (atLate.Revision, atLate.Headline, atLate.HeadlineSource, atLate.HeadlinePinned));
        var afterAll = await ReportedAsOfAsync(killed.FigureId, FigureTimeline.ReportedAt(3));
        Assert.Equal((4, Exact(120), 2, true), (afterAll.Revision, afterAll.Headline, afterAll.HeadlineRevision, afterAll.HeadlinePinned));
        Assert.Equal(["Local authorities", "Ministry of Health", "Police"], afterAll.Sources.Select(x => x.Source));
        await AssertReportedAsOfEverywhereAsync(killed, new[] { late }.Concat(Enumerable.Range(1, 3).Select(FigureTimeline.ReportedAt)));

        // Retracting the pinned report releases the headline at every time.
        await fixture.PublishAsync(killed.Retract(2, "the ministry withdrew its count"));
        await WaitForFigureAsync(killed.FigureId, 6);
        var released = await ReportedAsOfAsync(killed.FigureId, FigureTimeline.ReportedAt(3));
        Assert.Equal((Exact(150), false), (released.Headline, released.HeadlinePinned));
        await AssertReportedAsOfEverywhereAsync(killed, new[] { late }.Concat(Enumerable.Range(1, 3).Select(FigureTimeline.ReportedAt)));
    }

    // Revisions published together (a replay, a backfill) are read as if published one by one, a correction among them included.
    [Fact]
    public async Task Revisions_published_in_one_commit_read_as_if_published_one_by_one()
    {
        var injured = new FigureTimeline(NewStory(), "injured", "people");
        var now = DateTimeOffset.UtcNow;
        var events = new List<object>
        {
            RevisionPublished.From(injured.Approve(Exact(748), "Local authorities", LocalReport), now),
            RevisionPublished.From(injured.Approve(MoreThanAThousand, "Ministry of Health", MinistryReport), now),
            RevisionPublished.From(injured.Approve(Exact(700), "Local authorities", LocalReport.AddMinutes(-5)), now),
            RevisionPublished.From(injured.Correct(1, Exact(750), "a typo in the local count"), now),
        };
        var store = fixture.Service.Services.GetRequiredService<IDocumentStore>();
        await using (var session = store.LightweightSession())
        {
            session.Events.StartStream<PublishedFigure>(injured.FigureId, events);
            await session.SaveChangesAsync();
        }

        var local = await ReportedAsOfAsync(injured.FigureId, LocalReport);
        Assert.Equal((3, Exact(750), "Local authorities", 1), (local.Revision, local.Headline, local.HeadlineSource, local.HeadlineRevision));
        await AssertReportedAsOfEverywhereAsync(injured, [LocalReport.AddMinutes(-5), LocalReport, MinistryReport]);
        var asOf = await fixture.Client.GetFromJsonAsync<FigureView>($"/v1/figures/{injured.FigureId}?asOf={Query(DateTimeOffset.UtcNow.AddMinutes(1))}");
        Assert.Equal((4, MoreThanAThousand), (asOf!.Revision, asOf.Headline));
    }

    // Several figures revised in one commit (the group commit's usual case) are read together: each reads as if alone,
    // the one whose correction refolds from an earlier report as well as the ones that only add a report.
    [Fact]
    public async Task Figures_revised_in_one_commit_each_read_as_if_revised_alone()
    {
        var story = NewStory();
        var killed = new FigureTimeline(story);
        var injured = new FigureTimeline(story, "injured", "people");
        var arrested = new FigureTimeline(story, "arrested", "people");
        var store = fixture.Service.Services.GetRequiredService<IDocumentStore>();
        var now = DateTimeOffset.UtcNow;
        await using (var session = store.LightweightSession())
        {
            session.Events.StartStream<PublishedFigure>(killed.FigureId,
                RevisionPublished.From(killed.Approve(Exact(100), "Police"), now),
                RevisionPublished.From(killed.Approve(Exact(120), "Ministry of Health"), now));
            session.Events.StartStream<PublishedFigure>(injured.FigureId,
                RevisionPublished.From(injured.Approve(Exact(748), "Local authorities"), now),
                RevisionPublished.From(injured.Approve(MoreThanAThousand, "Ministry of Health"), now));
            await session.SaveChangesAsync();
        }

        await using (var session = store.LightweightSession())
        {
            // killed: a correction of its first report, so its refold starts before anything in this commit was reported.
            session.Events.Append(killed.FigureId, RevisionPublished.From(killed.Correct(1, Exact(105), "the police's own correction"), now));
            // injured: a new report and a correction of its first: the reports read around the new one miss the one between.
            session.Events.Append(injured.FigureId,
                RevisionPublished.From(injured.Approve(Exact(800), "Local authorities"), now),
                RevisionPublished.From(injured.Correct(1, Exact(750), "a typo in the local count"), now));
            session.Events.StartStream<PublishedFigure>(arrested.FigureId, RevisionPublished.From(arrested.Approve(Exact(3000), "Interior Ministry"), now));
            await session.SaveChangesAsync();
        }

        var killedFirst = await ReportedAsOfAsync(killed.FigureId, FigureTimeline.ReportedAt(1));
        Assert.Equal((1, Exact(105)), (killedFirst.Revision, killedFirst.Headline));
        await AssertReportedAsOfEverywhereAsync(killed, Enumerable.Range(1, 2).Select(FigureTimeline.ReportedAt));
        var injuredFirst = await ReportedAsOfAsync(injured.FigureId, FigureTimeline.ReportedAt(1));
        Assert.Equal((1, Exact(750)), (injuredFirst.Revision, injuredFirst.Headline));
        await AssertReportedAsOfEverywhereAsync(injured, Enumerable.Range(1, 3).Select(FigureTimeline.ReportedAt));
        await AssertReportedAsOfEverywhereAsync(arrested, [FigureTimeline.ReportedAt(1)]);
    }

    [Theory]
    [InlineData("asOf=yesterday", "asOf")]
    [InlineData("asOf=2022-13-45T10:00:00Z", "asOf")]
    [InlineData("reportedAsOf=noon", "reportedAsOf")]
    [InlineData("reportedAsOf=2022-01-06T25:00:00Z", "reportedAsOf")]
    [InlineData("asOf=2022-01-06T12:00:00Z&reportedAsOf=2022-01-06T12:00:00Z", "asOf")]
    public async Task A_malformed_time_is_a_400_problem_naming_it(string query, string field)
    {
        var revised = Revision(NewStory(), Exact(5));
        await fixture.PublishAsync(revised);
        await WaitForFigureAsync(revised.FigureId);

        var problem = await AssertProblemAsync(await fixture.Client.GetAsync($"/v1/figures/{revised.FigureId}?{query}"), HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"expected the problem to name '{field}', got {problem}");
    }
}
