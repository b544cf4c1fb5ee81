using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FactTracker.Claims.Claims;
using FactTracker.Contracts;
using FactTracker.Testing;

namespace FactTracker.Claims.Tests.Features.GetClaims;

public sealed class GetClaimsTests(ClaimsFixture fixture) : IClassFixture<ClaimsFixture>
{
    private async Task<List<Claim>> ClaimsOfNewUpdate(params ReportedFigure[] figures)
    {
        var update = ClaimsFixture.NewUpdate(figures);
        await fixture.Messages.Bus.Publish(update);
        return await Eventually.UntilAsync(async () =>
                await fixture.Client.GetFromJsonAsync<List<Claim>>($"/v1/updates/{update.UpdateId}/claims") is { } claims
                && claims.Count == figures.Length ? claims : null,
            $"the claims of update {update.UpdateId}");
    }

    [Fact]
    public async Task An_updates_claims_come_in_the_order_the_update_reported_them()
    {
        var subjects = new[] { "people", "security-forces", "demonstrators", "children" };

        var claims = await ClaimsOfNewUpdate(subjects.Select(s => new ReportedFigure("killed", s, new FigureValue("exact", 3, 3, null), null, null)).ToArray());

        Assert.Equal(subjects, claims.Select(c => c.Subject));
        Assert.Equal([0, 1, 2, 3], claims.Select(c => c.Index));
    }

    [Fact]
    public async Task A_claim_is_found_by_its_id()
    {
        var claims = await ClaimsOfNewUpdate(
            new ReportedFigure("killed", "security-forces", new FigureValue("exact", 18, 18, null), null, "18 members of the security forces were killed"),
            new ReportedFigure("injured", "people", new FigureValue("exact", 748, 748, null), "Ministry of Health", null));

        foreach (var expected in claims)
        {
            var claim = await fixture.Client.GetFromJsonAsync<Claim>($"/v1/claims/{expected.Id}");
            Assert.Equal((expected.Id, expected.UpdateId, expected.FigureId, expected.Value, expected.Source, expected.Quote),
                (claim!.Id, claim.UpdateId, claim.FigureId, claim.Value, claim.Source, claim.Quote));
            Assert.Equal(expected.ReportedAt, claim.ReportedAt);
        }
    }

    [Fact]
    public async Task An_update_that_made_no_claims_has_an_empty_list()
    {
        var response = await fixture.Client.GetAsync($"/v1/updates/{Guid.NewGuid()}/claims");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty((await response.Content.ReadFromJsonAsync<List<Claim>>())!);
    }

    [Fact]
    public async Task An_unknown_claim_is_a_404_problem()
    {
        var id = Guid.NewGuid();
        var response = await fixture.Client.GetAsync($"/v1/claims/{id}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(404, problem.GetProperty("status").GetInt32());
        Assert.Contains(id.ToString(), problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_claim_id_that_is_not_an_id_is_a_404_problem()
    {
        var response = await fixture.Client.GetAsync("/v1/claims/not-a-claim");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }
}
