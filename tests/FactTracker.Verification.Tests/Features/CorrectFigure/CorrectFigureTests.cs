using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FactTracker.Contracts;
using FactTracker.Figures;
using FactTracker.Verification.Features.CorrectFigure;
using FactTracker.Verification.Figures;

namespace FactTracker.Verification.Tests.Features.CorrectFigure;

public sealed class CorrectFigureTests(VerificationFixture fixture) : IClassFixture<VerificationFixture>
{
    private const string HeadlineDecreaseRule = "headline-decrease-needs-second-verifier";
    private static readonly DateTimeOffset LocalReport = DateTimeOffset.Parse("2022-01-06T10:15:00+06:00");
    private static readonly DateTimeOffset MinistryReport = DateTimeOffset.Parse("2022-01-06T13:40:00+06:00");
    private static readonly FigureValue MoreThanAThousand = new("at_least", 1000, null, "more than a thousand");

    private Task<HttpResponseMessage> Change(string figureId, int revision, string action, object body) =>
        fixture.PostAsync($"/v1/figures/{figureId}/revisions/{revision}/{action}", body);

    private static async Task<JsonElement> AssertProblem(HttpResponseMessage response, HttpStatusCode status, string? field = null)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        if (field is not null)
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"expected the problem to name '{field}', got {problem}");
        return problem;
    }

    /// <summary>The local authorities' 748 injured; with <paramref name="contested"/>, then the ministry's "more than a thousand".</summary>
    private async Task<string> InjuredAsync(bool contested = false)
    {
        var story = VerificationFixture.NewStory();
        var claims = new List<Contracts.ClaimSubmitted> { VerificationFixture.NewClaim(story, source: "Local authorities") with { ReportedAt = LocalReport } };
        if (contested)
            claims.Add(VerificationFixture.NewClaim(story, value: MoreThanAThousand, source: "Ministry of Health") with { ReportedAt = MinistryReport });
        await fixture.ApproveAllAsync([.. claims]);
        return $"{story}/injured/people";
    }

    private async Task<Figure> FigureAsync(string figureId) => (await fixture.Client.GetFromJsonAsync<Figure>($"/v1/figures/{figureId}"))!;

    [Fact]
    public async Task Correcting_a_revision_upward_applies_at_once_and_announces_the_correction()
    {
        var figureId = await InjuredAsync();

        var response = await Change(figureId, 1, "correct", new { verifier = " alice ", reason = "transposed digits", value = 784 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new RevisionChangedResponse(figureId, "corrected", 1, "applied", 2, null, null),
            await response.Content.ReadFromJsonAsync<RevisionChangedResponse>());
        var corrected = Assert.Single(await fixture.Messages.WaitForAsync<FigureCorrected>(m => m.FigureId == figureId));
        Assert.Equal((2, 1, "corrected", 1), (corrected.Revision, corrected.PreviousRevision, corrected.Action, corrected.TargetRevision));
        Assert.Equal((FigureValues.Exact(784), FigureValues.Exact(748)), (corrected.Value, corrected.PreviousHeadline));
        Assert.Equal(("Local authorities", "transposed digits"), (corrected.Source, corrected.Reason));
        Assert.Equal(["alice"], corrected.VerifiedBy);
        // The corrected value stands in the state as revision 1's, the revision that reported it.
        Assert.Equal((FigureValues.Exact(784), 1), (corrected.State.Headline, corrected.State.HeadlineRevision));
        var figure = await FigureAsync(figureId);
        Assert.Equal((2, FigureValues.Exact(784)), (figure.Revision, figure.State.Headline));

        var events = await fixture.EventsAsync(figureId);
        Assert.Equal("revision_corrected", events[^1].GetProperty("type").GetString());
        Assert.Equal(1, events[^1].GetProperty("data").GetProperty("correctedRevision").GetInt32());
    }

    [Fact]
    public async Task A_contradiction_is_announced_as_contested_and_again_when_a_retraction_resolves_it()
    {
        var figureId = await InjuredAsync(contested: true);
        var contested = Assert.Single(await fixture.Messages.WaitForAsync<FigureContested>(m => m.FigureId == figureId));
        Assert.Equal((2, true), (contested.Revision, contested.Contested));

        // The local authorities' figure is not the headline: retracting it needs one verifier.
        var response = await Change(figureId, 1, "retract", new { verifier = "alice", reason = "the local authorities withdrew it" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new RevisionChangedResponse(figureId, "retracted", 1, "applied", 3, null, null),
            await response.Content.ReadFromJsonAsync<RevisionChangedResponse>());
        var resolved = Assert.Single(await fixture.Messages.WaitForAsync<FigureContested>(m => m.FigureId == figureId && m.Revision == 3));
        Assert.False(resolved.Contested);
        Assert.Equal(["Ministry of Health"], resolved.State.Sources.Select(s => s.Source));
        var retracted = Assert.Single(await fixture.Messages.WaitForAsync<FigureCorrected>(m => m.FigureId == figureId));
        Assert.Equal(("retracted", 1, 3, "Local authorities"), (retracted.Action, retracted.TargetRevision, retracted.Revision, retracted.Source));
        Assert.Null(retracted.Value);
        Assert.Equal((MoreThanAThousand, MoreThanAThousand, false), (retracted.PreviousHeadline, retracted.State.Headline, retracted.State.Contested));

        // A retracted revision no longer stands.
        await AssertProblem(await Change(figureId, 1, "retract", new { verifier = "bob", reason = "again" }), HttpStatusCode.NotFound);
        await AssertProblem(await Change(figureId, 1, "correct", new { verifier = "bob", reason = "again", value = 750 }), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Retracting_the_headline_is_held_until_a_second_different_verifier_retracts_it()
    {
        var figureId = await InjuredAsync(contested: true);

        var held = await Change(figureId, 2, "retract", new { verifier = "alice", reason = "the ministry counted another region" });

        Assert.Equal(HttpStatusCode.Accepted, held.StatusCode);
        var body = (await held.Content.ReadFromJsonAsync<RevisionChangedResponse>())!;
        Assert.Equal((figureId, "retracted", 2, "held", (int?)null, HeadlineDecreaseRule),
            (body.FigureId, body.Action, body.TargetRevision, body.Status, body.Revision, body.Rule));
        var last = (await fixture.EventsAsync(figureId))[^1];
        Assert.Equal("change_held", last.GetProperty("type").GetString());
        Assert.Equal((HeadlineDecreaseRule, "retracted", "alice"), (last.GetProperty("data").GetProperty("rule").GetString(),
            last.GetProperty("data").GetProperty("change").GetString(), last.GetProperty("data").GetProperty("proposedBy").GetString()));
        var unchanged = await FigureAsync(figureId);
        Assert.Equal((2, MoreThanAThousand), (unchanged.Revision, unchanged.State.Headline));
        Assert.Equal(("alice", HeadlineDecreaseRule), (Assert.Single(unchanged.Held).ProposedBy, unchanged.Held[0].Rule));

        var again = await AssertProblem(await Change(figureId, 2, "retract", new { verifier = "alice", reason = "still" }), HttpStatusCode.Forbidden);
        Assert.Equal(HeadlineDecreaseRule, again.GetProperty("rule").GetString());
        Assert.Equal(4, (await fixture.EventsAsync(figureId)).Count);

        var confirmed = await Change(figureId, 2, "retract", new { verifier = "bob", reason = "agreed" });

        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Equal(new RevisionChangedResponse(figureId, "retracted", 2, "applied", 3, null, null),
            await confirmed.Content.ReadFromJsonAsync<RevisionChangedResponse>());
        var retracted = Assert.Single(await fixture.Messages.WaitForAsync<FigureCorrected>(m => m.FigureId == figureId));
        Assert.Equal(["alice", "bob"], retracted.VerifiedBy);
        Assert.Equal("the ministry counted another region", retracted.Reason);
        Assert.Equal((3, 2, "Ministry of Health"), (retracted.Revision, retracted.PreviousRevision, retracted.Source));
        Assert.Equal((MoreThanAThousand, FigureValues.Exact(748)), (retracted.PreviousHeadline, retracted.State.Headline));
        var resolved = Assert.Single(await fixture.Messages.WaitForAsync<FigureContested>(m => m.FigureId == figureId && m.Revision == 3));
        Assert.False(resolved.Contested);
        var figure = await FigureAsync(figureId);
        Assert.Equal((3, FigureValues.Exact(748)), (figure.Revision, figure.State.Headline));
        Assert.Empty(figure.Held);
    }

    [Fact]
    public async Task Pinning_a_lower_revision_as_the_headline_needs_two_verifiers_and_pinning_it_again_is_a_409_problem()
    {
        var figureId = await InjuredAsync(contested: true);

        Assert.Equal(HttpStatusCode.Accepted, (await Change(figureId, 1, "pin", new { verifier = "alice", reason = "the ministry's count covers other regions" })).StatusCode);
        var pinned = await Change(figureId, 1, "pin", new { verifier = "bob", reason = "agreed" });

        Assert.Equal(HttpStatusCode.OK, pinned.StatusCode);
        var message = Assert.Single(await fixture.Messages.WaitForAsync<FigureCorrected>(m => m.FigureId == figureId));
        Assert.Equal(("pinned", 1, 3), (message.Action, message.TargetRevision, message.Revision));
        Assert.Equal(["alice", "bob"], message.VerifiedBy);
        Assert.Equal((FigureValues.Exact(748), true, "Local authorities", true),
            (message.State.Headline, message.State.HeadlinePinned, message.State.HeadlineSource, message.State.Contested));
        var events = await fixture.EventsAsync(figureId);

        await AssertProblem(await Change(figureId, 1, "pin", new { verifier = "carol", reason = "to be sure" }), HttpStatusCode.Conflict);
        Assert.Equal(events.Count, (await fixture.EventsAsync(figureId)).Count);
    }

    [Fact]
    public async Task Correcting_a_revision_to_the_value_it_already_has_is_a_409_problem_and_appends_nothing()
    {
        var figureId = await InjuredAsync();

        await AssertProblem(await Change(figureId, 1, "correct", new { verifier = "alice", reason = "checked", value = 748 }), HttpStatusCode.Conflict);
        await AssertProblem(await Change(figureId, 1, "correct", new { verifier = "alice", reason = "checked", value = new { kind = "exact", low = 748 } }),
            HttpStatusCode.Conflict);

        Assert.Equal(2, (await fixture.EventsAsync(figureId)).Count);
    }

    [Theory]
    [InlineData("correct")]
    [InlineData("retract")]
    [InlineData("pin")]
    public async Task Changing_a_revision_of_an_unknown_figure_or_an_unknown_revision_is_a_404_problem(string action)
    {
        object body = action == "correct" ? new { verifier = "alice", reason = "why", value = 5 } : new { verifier = "alice", reason = "why" };
        await AssertProblem(await Change($"{VerificationFixture.NewStory()}/injured/people", 1, action, body), HttpStatusCode.NotFound);

        var figureId = await InjuredAsync();
        await AssertProblem(await Change(figureId, 7, action, body), HttpStatusCode.NotFound);
        await AssertProblem(await Change(figureId, 0, action, body), HttpStatusCode.NotFound);
        Assert.Equal(2, (await fixture.EventsAsync(figureId)).Count);
    }

    public static TheoryData<string, string, string> BadRequests => new()
    {
        // action, body, the field the problem must name
        { "correct", """{"verifier":"VERIFIER","reason":"typo","value":784}""", "verifier" },
        { "correct", """{"verifier":"  ","reason":"typo","value":784}""", "verifier" },
        { "retract", """{"verifier":"VERIFIER","reason":"typo"}""", "verifier" },
        { "correct", """{"verifier":"alice","value":784}""", "reason" },
        { "retract", """{"verifier":"alice","reason":" "}""", "reason" },
        { "pin", """{"verifier":"alice"}""", "reason" },
        { "correct", """{"verifier":"alice","reason":"typo"}""", "value" },
        { "correct", """{"verifier":"alice","reason":"typo","value":null}""", "value" },
        { "correct", """{"verifier":"alice","reason":"typo","value":-3}""", "value" },
        { "correct", """{"verifier":"alice","reason":"typo","value":"784"}""", "value" },
        { "correct", """{"verifier":"alice","reason":"typo","value":{"kind":"range","low":9,"high":3}}""", "value" },
        { "correct", """{"verifier":"alice","reason":"typo","value":{"kind":"lots"}}""", "value" },
        { "retract", """{"verifier":"alice","reason":"typo","value":784}""", "value" },
        { "pin", """{"verifier":"alice","reason":"typo","value":784}""", "value" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task A_bad_change_is_a_400_problem_naming_the_field_and_appends_nothing(string action, string body, string field)
    {
        var figureId = await InjuredAsync();

        var response = await fixture.PostRawAsync($"/v1/figures/{figureId}/revisions/1/{action}", body.Replace("VERIFIER", new string('v', 101)));

        await AssertProblem(response, HttpStatusCode.BadRequest, field);
        Assert.Equal(2, (await fixture.EventsAsync(figureId)).Count);
    }

    [Fact]
    public async Task A_change_to_something_that_is_not_a_figure_is_a_400_problem_naming_figure()
    {
        var response = await Change($"{VerificationFixture.NewStory()}/eaten/people", 1, "retract", new { verifier = "alice", reason = "why" });

        await AssertProblem(response, HttpStatusCode.BadRequest, "figure");
    }
}
