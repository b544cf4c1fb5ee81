using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FactTracker.Contracts;
using FactTracker.Figures;
using FactTracker.Verification.Features.ApproveClaim;
using FactTracker.Verification.Features.ReviewQueue;
using FactTracker.Verification.Figures;
using Marten;

namespace FactTracker.Verification.Tests.Features.ApproveClaim;

public sealed class ApproveClaimTests(VerificationFixture fixture) : IClassFixture<VerificationFixture>
{
    private Task<HttpResponseMessage> Approve(Guid claimId, string verifier = "alice", string? note = null) =>
        fixture.PostAsync($"/v1/claims/{claimId}/approve", new { verifier, note });

    private static async Task AssertProblem(HttpResponseMessage response, HttpStatusCode status, string? field = null)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        if (field is not null)
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"expected the problem to name '{field}', got {problem}");
    }

    [Fact]
    public async Task Approving_a_claim_makes_revision_1_of_its_figure_and_announces_it()
    {
        var story = VerificationFixture.NewStory();
        var claim = VerificationFixture.NewClaim(story, "injured", "people", new FigureValue("exact", 748, 748, null));
        await fixture.SubmitAsync(claim);

        var response = await Approve(claim.ClaimId, " alice ", "checked with the ministry");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var figureId = $"{story}/injured/people";
        Assert.Equal(new ClaimApprovedResponse(claim.ClaimId, figureId, "approved", 1, null, null), await response.Content.ReadFromJsonAsync<ClaimApprovedResponse>());

        var revised = Assert.Single(await fixture.Messages.WaitForAsync<FigureRevised>(m => m.FigureId == figureId));
        Assert.Equal((figureId, story, "injured", "people"), (revised.FigureId, revised.Story, revised.Metric, revised.Subject));
        Assert.Equal((1, 0), (revised.Revision, revised.PreviousRevision));
        Assert.Equal(new FigureValue("exact", 748, 748, null), revised.Value);
        Assert.Null(revised.PreviousHeadline);
        Assert.Equal((claim.Source, claim.ClaimId, claim.UpdateId, claim.Quote, claim.UpdateUrl),
            (revised.Source, revised.ClaimId, revised.UpdateId, revised.Quote, revised.UpdateUrl));
        Assert.Equal(["alice"], revised.VerifiedBy);
        Assert.Null(revised.Reason);
        Assert.Equal(claim.ReportedAt, revised.ReportedAt);
        Assert.Equal((new FigureValue("exact", 748, 748, null), claim.Source, 1, false), (revised.State.Headline, revised.State.HeadlineSource, revised.State.HeadlineRevision, revised.State.Contested));

        await using var session = fixture.Store.QuerySession();
        var events = await session.Events.FetchStreamAsync(figureId);
        Assert.Collection(events,
            e => Assert.IsType<FigureOpened>(e.Data),
            e =>
            {
                var approved = Assert.IsType<RevisionApproved>(e.Data);
                Assert.Equal((1, "checked with the ministry"), (approved.Revision, approved.Note));
                Assert.Equal(["alice"], approved.Verifiers);
            });
    }

    [Fact]
    public async Task A_second_claim_of_the_figure_makes_revision_2_after_revision_1()
    {
        var story = VerificationFixture.NewStory();
        var first = VerificationFixture.NewClaim(story, "killed", "people", new FigureValue("exact", 164, 164, null), source: "Ministry of Health");
        var second = VerificationFixture.NewClaim(story, "killed", "people", new FigureValue("at_least", 225, null, "at least 225"), source: "Prosecutor General");
        await fixture.SubmitAsync(first, second);
        var figureId = $"{story}/killed/people";

        Assert.Equal(HttpStatusCode.OK, (await Approve(first.ClaimId)).StatusCode);
        var response = await Approve(second.ClaimId, "bob");

        Assert.Equal(new ClaimApprovedResponse(second.ClaimId, figureId, "approved", 2, null, null), await response.Content.ReadFromJsonAsync<ClaimApprovedResponse>());
        var revised = (await fixture.Messages.WaitForAsync<FigureRevised>(m => m.FigureId == figureId, 2)).Single(m => m.Revision == 2);
        Assert.Equal(1, revised.PreviousRevision);
        Assert.Equal(new FigureValue("at_least", 225, null, "at least 225"), revised.Value);
        Assert.Equal(new FigureValue("exact", 164, 164, null), revised.PreviousHeadline);
        Assert.Equal(("Prosecutor General", second.ClaimId), (revised.Source, revised.ClaimId));
        Assert.Equal(["bob"], revised.VerifiedBy);
        // Reported at the same time, the later revision takes the headline; 164 and "at least 225" cannot both be true.
        Assert.Equal((new FigureValue("at_least", 225, null, "at least 225"), "Prosecutor General", true),
            (revised.State.Headline, revised.State.HeadlineSource, revised.State.Contested));
        Assert.Equal(["Ministry of Health", "Prosecutor General"], revised.State.Sources.Select(s => s.Source));
    }

    [Fact]
    public async Task Claims_of_different_figures_each_start_at_revision_1()
    {
        var story = VerificationFixture.NewStory();
        var killed = VerificationFixture.NewClaim(story, "killed", "people");
        var injured = VerificationFixture.NewClaim(story, "injured", "people");
        await fixture.SubmitAsync(killed, injured);

        var a = await (await Approve(killed.ClaimId)).Content.ReadFromJsonAsync<ClaimApprovedResponse>();
        var b = await (await Approve(injured.ClaimId)).Content.ReadFromJsonAsync<ClaimApprovedResponse>();

        Assert.Equal(($"{story}/killed/people", 1), (a!.FigureId, a.Revision));
        Assert.Equal(($"{story}/injured/people", 1), (b!.FigureId, b.Revision));
    }

    [Fact]
    public async Task Approving_an_approved_claim_again_is_a_409_problem_and_changes_nothing()
    {
        var story = VerificationFixture.NewStory();
        var claim = VerificationFixture.NewClaim(story);
        await fixture.SubmitAsync(claim);
        Assert.Equal(HttpStatusCode.OK, (await Approve(claim.ClaimId)).StatusCode);

        await AssertProblem(await Approve(claim.ClaimId, "bob"), HttpStatusCode.Conflict);

        await using var session = fixture.Store.QuerySession();
        Assert.Equal(2, (await session.Events.FetchStreamAsync($"{story}/injured/people")).Count);
    }

    [Fact]
    public async Task Rejecting_an_approved_claim_is_a_409_problem()
    {
        var claim = VerificationFixture.NewClaim(VerificationFixture.NewStory());
        await fixture.SubmitAsync(claim);
        Assert.Equal(HttpStatusCode.OK, (await Approve(claim.ClaimId)).StatusCode);

        var response = await fixture.PostAsync($"/v1/claims/{claim.ClaimId}/reject", new { verifier = "bob", reason = "wrong_figure" });

        await AssertProblem(response, HttpStatusCode.Conflict);
        Assert.DoesNotContain(fixture.Messages.Received<ClaimRejected>(), m => m.ClaimId == claim.ClaimId);
    }

    // Verifiers approving claims of one figure at once: every approval lands, in one gapless sequence.
    // Each claim reports a higher toll later than the one before, so whatever order they land in the headline never
    // goes down (a decrease would be held for a second verifier) and ends at the latest report.
    [Fact]
    public async Task Ten_claims_of_one_figure_approved_at_once_make_revisions_1_to_10()
    {
        var story = VerificationFixture.NewStory();
        var figureId = $"{story}/injured/people";
        var reported = DateTimeOffset.Parse("2022-01-06T10:00:00+06:00");
        var claims = Enumerable.Range(1, 10).Select(i => VerificationFixture.NewClaim(story, "injured", "people",
            new FigureValue("exact", 700 + i, 700 + i, null)) with { ReportedAt = reported.AddMinutes(i) }).ToArray();
        await fixture.SubmitAsync(claims);

        var responses = await Task.WhenAll(claims.Select((c, i) => Approve(c.ClaimId, $"verifier-{i}")));

        foreach (var response in responses)
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var approved = await Task.WhenAll(responses.Select(r => r.Content.ReadFromJsonAsync<ClaimApprovedResponse>()));
        Assert.Equal(Enumerable.Range(1, 10), approved.Select(a => a!.Revision!.Value).Order());
        Assert.All(approved, a => Assert.Equal("approved", a!.Status));
        Assert.Equal(claims.Select(c => c.ClaimId).Order(), approved.Select(a => a!.ClaimId).Order());

        var revised = await fixture.Messages.WaitForAsync<FigureRevised>(m => m.FigureId == figureId, 10);
        Assert.Equal(10, revised.Count);
        Assert.Equal(Enumerable.Range(1, 10), revised.Select(m => m.Revision).Order());
        var byRevision = revised.ToDictionary(m => m.Revision);
        foreach (var m in revised)
        {
            // Each announcement names the revision it followed and the headline that revision left.
            Assert.Equal(m.Revision - 1, m.PreviousRevision);
            Assert.Equal(m.Revision == 1 ? null : byRevision[m.Revision - 1].State.Headline, m.PreviousHeadline);
            Assert.Equal(approved.Single(a => a!.ClaimId == m.ClaimId)!.Revision, m.Revision);
            Assert.Equal([$"verifier-{Array.FindIndex(claims, c => c.ClaimId == m.ClaimId)}"], m.VerifiedBy);
        }

        await using var session = fixture.Store.QuerySession();
        var events = await session.Events.FetchStreamAsync(figureId);
        Assert.Equal(11, events.Count);
        Assert.IsType<FigureOpened>(events[0].Data);
        Assert.Equal(Enumerable.Range(1, 10), events.Skip(1).Select(e => ((RevisionApproved)e.Data).Revision));
        Assert.Equal(Enumerable.Range(1, 11).Select(v => (long)v), events.Select(e => e.Version));
        var figure = await session.LoadAsync<Figure>(figureId);
        Assert.Equal((10, byRevision[10].State.Headline), (figure!.Revision, figure.State.Headline));
        Assert.Equal(new FigureValue("exact", 710, 710, null), figure.State.Headline);
        Assert.Empty(figure.Held);
    }

    [Fact]
    public async Task Approving_without_a_key_is_a_401_and_naming_a_verifier_in_the_body_a_400_problem_naming_verifier()
    {
        var claim = VerificationFixture.NewClaim(VerificationFixture.NewStory());
        await fixture.SubmitAsync(claim);

        // The verifier is whoever's key approves, never a name in the body.
        await AssertProblem(await fixture.Service.CreateClient().PostAsJsonAsync($"/v1/claims/{claim.ClaimId}/approve", new { note = "no name" }),
            HttpStatusCode.Unauthorized);
        await AssertProblem(await Approve(claim.ClaimId, "   "), HttpStatusCode.BadRequest, "verifier");
        await AssertProblem(await Approve(claim.ClaimId, new string('a', 101)), HttpStatusCode.BadRequest, "verifier");
        await AssertProblem(await Approve(claim.ClaimId, "alice", new string('n', 2_001)), HttpStatusCode.BadRequest, "note");

        // Nothing was decided: the claim can still be approved.
        Assert.Equal(HttpStatusCode.OK, (await Approve(claim.ClaimId)).StatusCode);
    }

    [Fact]
    public async Task Approving_an_unknown_claim_is_a_404_problem()
    {
        await AssertProblem(await Approve(Guid.NewGuid()), HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("""{"verifier":"alice" """)]
    [InlineData("""{"verifier":42}""")]
    [InlineData("""{"verifier":"alice","verifeir":"bob"}""")]
    [InlineData("")]
    public async Task A_malformed_body_is_a_400_problem(string body)
    {
        var claim = VerificationFixture.NewClaim(VerificationFixture.NewStory());
        await fixture.SubmitAsync(claim);

        var response = await fixture.PostRawAsync($"/v1/claims/{claim.ClaimId}/approve", body);

        await AssertProblem(response, HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.OK, (await Approve(claim.ClaimId)).StatusCode);
    }

    // The four-eyes rule: a cumulative figure's headline going down is a correction.
    private const string HeadlineDecreaseRule = "headline-decrease-needs-second-verifier";
    private static readonly DateTimeOffset MorningReport = DateTimeOffset.Parse("2022-01-06T10:00:00+06:00");
    private static readonly DateTimeOffset AfternoonReport = DateTimeOffset.Parse("2022-01-06T14:00:00+06:00");
    private static readonly FigureValue AtLeast3958 = new("at_least", 3958, null, "at least 3,958");

    private Task<HttpResponseMessage> ApproveWithReason(Guid claimId, string verifier, string? reason, string? note = null) =>
        fixture.PostAsync($"/v1/claims/{claimId}/approve", new { verifier, note, reason });

    private async Task<ReviewQueuePage> Queue(string query) =>
        (await fixture.Client.GetFromJsonAsync<ReviewQueuePage>($"/v1/review-queue?{query}"))!;

    /// <summary>A toll of 11,300 approved, then the same ministry's later "at least 3,958" submitted: approving it lowers the headline.</summary>
    private async Task<(string FigureId, Contracts.ClaimSubmitted Lower)> LowerClaimAsync(string story)
    {
        var first = VerificationFixture.NewClaim(story, "killed", "people", FigureValues.Exact(11_300)) with { ReportedAt = MorningReport };
        var lower = VerificationFixture.NewClaim(story, "killed", "people", AtLeast3958) with { ReportedAt = AfternoonReport };
        await fixture.ApproveAllAsync(first);
        await fixture.SubmitAsync(lower);
        return ($"{story}/killed/people", lower);
    }

    [Fact]
    public async Task Approving_a_claim_that_lowers_the_headline_without_a_reason_is_a_422_problem_naming_reason_and_appends_nothing()
    {
        var story = VerificationFixture.NewStory();
        var (figureId, lower) = await LowerClaimAsync(story);
        var before = await fixture.EventsAsync(figureId);

        var response = await ApproveWithReason(lower.ClaimId, "alice", reason: null);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(422, problem.GetProperty("status").GetInt32());
        Assert.True(problem.GetProperty("errors").TryGetProperty("reason", out _), $"expected the problem to name 'reason', got {problem}");
        Assert.Equal(HeadlineDecreaseRule, problem.GetProperty("rule").GetString());
        await AssertProblem(await ApproveWithReason(lower.ClaimId, "alice", reason: "   "), HttpStatusCode.UnprocessableEntity, "reason");

        var after = await fixture.EventsAsync(figureId);
        Assert.Equal(before.Select(e => e.ToString()), after.Select(e => e.ToString()));
        Assert.Equal([lower.ClaimId], (await Queue($"story={story}")).Items.Select(i => i.ClaimId));
        Assert.Equal(0, (await Queue($"story={story}&status=held")).Total);
    }

    [Fact]
    public async Task Approving_a_claim_that_lowers_the_headline_is_held_until_a_second_different_verifier_approves_it()
    {
        var story = VerificationFixture.NewStory();
        var (figureId, lower) = await LowerClaimAsync(story);

        // The first verifier: held, and told which rule held it.
        var held = await ApproveWithReason(lower.ClaimId, " alice ", "the ministry recounted", "checked the ministry's site");
        Assert.Equal(HttpStatusCode.Accepted, held.StatusCode);
        var heldBody = (await held.Content.ReadFromJsonAsync<ClaimApprovedResponse>())!;
        Assert.Equal((lower.ClaimId, figureId, "held", (int?)null, HeadlineDecreaseRule),
            (heldBody.ClaimId, heldBody.FigureId, heldBody.Status, heldBody.Revision, heldBody.Rule));
        Assert.Contains("11300", heldBody.Message);

        Assert.Empty((await Queue($"story={story}")).Items);
        var item = Assert.Single((await Queue($"story={story}&status=held")).Items);
        Assert.Equal((lower.ClaimId, "held", "alice", HeadlineDecreaseRule), (item.ClaimId, item.Status, item.HeldBy, item.HeldRule));
        Assert.Null(item.Revision);

        var events = await fixture.EventsAsync(figureId);
        Assert.Equal(3, events.Count);
        var changeHeld = events[^1];
        Assert.Equal(3, changeHeld.GetProperty("version").GetInt64());
        Assert.Equal("change_held", changeHeld.GetProperty("type").GetString());
        var data = changeHeld.GetProperty("data");
        Assert.Equal((HeadlineDecreaseRule, "alice", "the ministry recounted", "approved"),
            (data.GetProperty("rule").GetString(), data.GetProperty("proposedBy").GetString(), data.GetProperty("reason").GetString(),
             data.GetProperty("change").GetString()));
        var figure = (await fixture.Client.GetFromJsonAsync<Figure>($"/v1/figures/{figureId}"))!;
        Assert.Equal((1, FigureValues.Exact(11_300)), (figure.Revision, figure.State.Headline));
        Assert.Equal(("alice", HeadlineDecreaseRule), (Assert.Single(figure.Held).ProposedBy, figure.Held[0].Rule));

        // The same verifier again, even with another reason, is not a second pair of eyes.
        var again = await ApproveWithReason(lower.ClaimId, "alice", "really");
        await AssertProblem(again, HttpStatusCode.Forbidden);
        Assert.Equal(HeadlineDecreaseRule, JsonDocument.Parse(await again.Content.ReadAsStringAsync()).RootElement.GetProperty("rule").GetString());
        Assert.Equal(3, (await fixture.EventsAsync(figureId)).Count);

        // A second verifier applies it, with both names and the first one's reason.
        var confirmed = await ApproveWithReason(lower.ClaimId, "bob", reason: null);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Equal(new ClaimApprovedResponse(lower.ClaimId, figureId, "approved", 2, null, null), await confirmed.Content.ReadFromJsonAsync<ClaimApprovedResponse>());

        var revised = Assert.Single(await fixture.Messages.WaitForAsync<FigureRevised>(m => m.FigureId == figureId && m.Revision == 2));
        Assert.Equal(["alice", "bob"], revised.VerifiedBy);
        Assert.Equal("the ministry recounted", revised.Reason);
        Assert.Equal((1, AtLeast3958, FigureValues.Exact(11_300), AtLeast3958),
            (revised.PreviousRevision, revised.Value, revised.PreviousHeadline, revised.State.Headline));
        var decided = Assert.Single((await Queue($"story={story}&status=approved")).Items, i => i.ClaimId == lower.ClaimId);
        Assert.Equal(("alice, bob", 2), (decided.DecidedBy, decided.Revision));
        Assert.Equal(0, (await Queue($"story={story}&status=held")).Total);
        figure = (await fixture.Client.GetFromJsonAsync<Figure>($"/v1/figures/{figureId}"))!;
        Assert.Equal((2, AtLeast3958), (figure.Revision, figure.State.Headline));
        Assert.Empty(figure.Held);
        Assert.Equal(4, (await fixture.EventsAsync(figureId)).Count);
    }

    [Fact]
    public async Task A_held_claim_can_be_rejected_by_another_verifier_and_the_headline_stays()
    {
        var story = VerificationFixture.NewStory();
        var (figureId, lower) = await LowerClaimAsync(story);
        Assert.Equal(HttpStatusCode.Accepted, (await ApproveWithReason(lower.ClaimId, "alice", "the ministry recounted")).StatusCode);

        var rejected = await fixture.PostAsync($"/v1/claims/{lower.ClaimId}/reject", new { verifier = "bob", reason = "wrong_figure" });

        Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        Assert.Equal(0, (await Queue($"story={story}&status=held")).Total);
        await AssertProblem(await ApproveWithReason(lower.ClaimId, "carol", "agree with alice"), HttpStatusCode.Conflict);
        var figure = (await fixture.Client.GetFromJsonAsync<Figure>($"/v1/figures/{figureId}"))!;
        Assert.Equal((1, FigureValues.Exact(11_300)), (figure.Revision, figure.State.Headline));
        // The held approval is withdrawn in the figure's history, not left waiting for ever.
        Assert.Empty(figure.Held);
        Assert.Contains(await fixture.EventsAsync(figureId), e => e.GetProperty("type").GetString() == "held_change_withdrawn");
    }

    // A confirmation and another verifier's approval of the same figure at once: both land, gapless, whatever the order.
    [Fact]
    public async Task A_held_claim_confirmed_while_another_claim_is_approved_makes_revisions_2_and_3()
    {
        var story = VerificationFixture.NewStory();
        var (figureId, lower) = await LowerClaimAsync(story);
        var raise = VerificationFixture.NewClaim(story, "killed", "people", FigureValues.Exact(12_000)) with { ReportedAt = AfternoonReport.AddHours(2) };
        await fixture.SubmitAsync(raise);
        Assert.Equal(HttpStatusCode.Accepted, (await ApproveWithReason(lower.ClaimId, "alice", "the ministry recounted")).StatusCode);

        var responses = await Task.WhenAll(ApproveWithReason(lower.ClaimId, "bob", null), ApproveWithReason(raise.ClaimId, "carol", null));

        foreach (var response in responses)
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var approved = await Task.WhenAll(responses.Select(r => r.Content.ReadFromJsonAsync<ClaimApprovedResponse>()));
        Assert.Equal([2, 3], approved.Select(a => a!.Revision!.Value).Order());
        var revised = await fixture.Messages.WaitForAsync<FigureRevised>(m => m.FigureId == figureId, 3);
        Assert.Equal([1, 2, 3], revised.Select(m => m.Revision).Order());
        Assert.All(revised, m => Assert.Equal(m.Revision - 1, m.PreviousRevision));
        Assert.Equal(["alice", "bob"], revised.Single(m => m.ClaimId == lower.ClaimId).VerifiedBy);
        Assert.Equal(["carol"], revised.Single(m => m.ClaimId == raise.ClaimId).VerifiedBy);

        var events = await fixture.EventsAsync(figureId);
        Assert.Equal(Enumerable.Range(1, 5).Select(v => (long)v), events.Select(e => e.GetProperty("version").GetInt64()));
        var figure = (await fixture.Client.GetFromJsonAsync<Figure>($"/v1/figures/{figureId}"))!;
        Assert.Equal((3, FigureValues.Exact(12_000)), (figure.Revision, figure.State.Headline));
        Assert.Empty(figure.Held);
    }

    [Fact]
    public async Task A_claim_that_contradicts_another_source_makes_the_figure_contested_and_says_so()
    {
        var story = VerificationFixture.NewStory();
        var local = VerificationFixture.NewClaim(story, source: "Local authorities") with { ReportedAt = MorningReport };
        var ministry = VerificationFixture.NewClaim(story, value: new FigureValue("at_least", 1000, null, "more than a thousand"),
            source: "Ministry of Health") with { ReportedAt = AfternoonReport };
        var figureId = $"{story}/injured/people";

        await fixture.ApproveAllAsync(local, ministry);

        var contested = Assert.Single(await fixture.Messages.WaitForAsync<FigureContested>(m => m.FigureId == figureId));
        Assert.Equal((2, true), (contested.Revision, contested.Contested));
        Assert.Equal(["Local authorities", "Ministry of Health"], contested.State.Sources.Select(s => s.Source));
        var revised = (await fixture.Messages.WaitForAsync<FigureRevised>(m => m.FigureId == figureId, 2)).Single(m => m.Revision == 2);
        Assert.True(revised.State.Contested);
        Assert.Equal(("Ministry of Health", 2), (revised.State.HeadlineSource, revised.State.HeadlineRevision));
        Assert.False((await fixture.Messages.WaitForAsync<FigureRevised>(m => m.FigureId == figureId && m.Revision == 1)).Single().State.Contested);
    }
}
