using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FactTracker.Contracts;
using FactTracker.Verification.Features.ApproveClaim;
using FactTracker.Verification.Figures;
using Marten;

namespace FactTracker.Verification.Tests.Features.ApproveClaim;

public sealed class ApproveClaimTests(VerificationFixture fixture) : IClassFixture<VerificationFixture>
{
    private Task<HttpResponseMessage> Approve(Guid claimId, string verifier = "alice", string? note = null) =>
        fixture.Client.PostAsJsonAsync($"/v1/claims/{claimId}/approve", new { verifier, note });

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
        Assert.Equal(new ClaimApprovedResponse(claim.ClaimId, figureId, 1), await response.Content.ReadFromJsonAsync<ClaimApprovedResponse>());

        var revised = Assert.Single(await fixture.Messages.WaitForAsync<FigureRevised>(m => m.FigureId == figureId));
        Assert.Equal((figureId, story, "injured", "people"), (revised.FigureId, revised.Story, revised.Metric, revised.Subject));
        Assert.Equal((1, 0), (revised.Revision, revised.PreviousRevision));
        Assert.Equal(new FigureValue("exact", 748, 748, null), revised.Value);
        Assert.Null(revised.PreviousValue);
        Assert.Equal((claim.Source, claim.ClaimId, claim.UpdateId, claim.Quote, claim.UpdateUrl),
            (revised.Source, revised.ClaimId, revised.UpdateId, revised.Quote, revised.UpdateUrl));
        Assert.Equal("alice", revised.VerifiedBy);
        Assert.Equal(claim.ReportedAt, revised.ReportedAt);

        await using var session = fixture.Store.QuerySession();
        var events = await session.Events.FetchStreamAsync(figureId);
        Assert.Collection(events,
            e => Assert.IsType<FigureOpened>(e.Data),
            e => Assert.Equal((1, "alice", "checked with the ministry"),
                (((RevisionApproved)e.Data).Revision, ((RevisionApproved)e.Data).VerifiedBy, ((RevisionApproved)e.Data).Note)));
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

        Assert.Equal(new ClaimApprovedResponse(second.ClaimId, figureId, 2), await response.Content.ReadFromJsonAsync<ClaimApprovedResponse>());
        var revised = (await fixture.Messages.WaitForAsync<FigureRevised>(m => m.FigureId == figureId, 2)).Single(m => m.Revision == 2);
        Assert.Equal(1, revised.PreviousRevision);
        Assert.Equal(new FigureValue("at_least", 225, null, "at least 225"), revised.Value);
        Assert.Equal(new FigureValue("exact", 164, 164, null), revised.PreviousValue);
        Assert.Equal(("Prosecutor General", "bob", second.ClaimId), (revised.Source, revised.VerifiedBy, revised.ClaimId));
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

        var response = await fixture.Client.PostAsJsonAsync($"/v1/claims/{claim.ClaimId}/reject", new { verifier = "bob", reason = "wrong_figure" });

        await AssertProblem(response, HttpStatusCode.Conflict);
        Assert.DoesNotContain(fixture.Messages.Received<ClaimRejected>(), m => m.ClaimId == claim.ClaimId);
    }

    // Verifiers approving claims of one figure at once: every approval lands, in one gapless sequence.
    [Fact]
    public async Task Ten_claims_of_one_figure_approved_at_once_make_revisions_1_to_10()
    {
        var story = VerificationFixture.NewStory();
        var figureId = $"{story}/injured/people";
        var claims = Enumerable.Range(1, 10).Select(i => VerificationFixture.NewClaim(story, "injured", "people", new FigureValue("exact", 700 + i, 700 + i, null))).ToArray();
        await fixture.SubmitAsync(claims);

        var responses = await Task.WhenAll(claims.Select((c, i) => Approve(c.ClaimId, $"verifier-{i}")));

        foreach (var response in responses)
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var approved = await Task.WhenAll(responses.Select(r => r.Content.ReadFromJsonAsync<ClaimApprovedResponse>()));
        Assert.Equal(Enumerable.Range(1, 10), approved.Select(a => a!.Revision).Order());
        Assert.Equal(claims.Select(c => c.ClaimId).Order(), approved.Select(a => a!.ClaimId).Order());

        var revised = await fixture.Messages.WaitForAsync<FigureRevised>(m => m.FigureId == figureId, 10);
        Assert.Equal(10, revised.Count);
        Assert.Equal(Enumerable.Range(1, 10), revised.Select(m => m.Revision).Order());
        var byRevision = revised.ToDictionary(m => m.Revision);
        foreach (var m in revised)
        {
            // Each announcement names the revision it followed and that revision's value.
            Assert.Equal(m.Revision - 1, m.PreviousRevision);
            Assert.Equal(m.Revision == 1 ? null : byRevision[m.Revision - 1].Value, m.PreviousValue);
            Assert.Equal(approved.Single(a => a!.ClaimId == m.ClaimId)!.Revision, m.Revision);
        }

        await using var session = fixture.Store.QuerySession();
        var events = await session.Events.FetchStreamAsync(figureId);
        Assert.Equal(11, events.Count);
        Assert.IsType<FigureOpened>(events[0].Data);
        Assert.Equal(Enumerable.Range(1, 10), events.Skip(1).Select(e => ((RevisionApproved)e.Data).Revision));
        Assert.Equal(Enumerable.Range(1, 11).Select(v => (long)v), events.Select(e => e.Version));
        var figure = await session.LoadAsync<Figure>(figureId);
        Assert.Equal((10, byRevision[10].Value), (figure!.Revision, figure.Headline));
    }

    [Fact]
    public async Task Approving_without_a_verifier_is_a_400_problem_naming_verifier()
    {
        var claim = VerificationFixture.NewClaim(VerificationFixture.NewStory());
        await fixture.SubmitAsync(claim);

        await AssertProblem(await fixture.Client.PostAsJsonAsync($"/v1/claims/{claim.ClaimId}/approve", new { note = "no name" }),
            HttpStatusCode.BadRequest, "verifier");
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

        var response = await fixture.Client.PostAsync($"/v1/claims/{claim.ClaimId}/approve", new StringContent(body, Encoding.UTF8, "application/json"));

        await AssertProblem(response, HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.OK, (await Approve(claim.ClaimId)).StatusCode);
    }
}
