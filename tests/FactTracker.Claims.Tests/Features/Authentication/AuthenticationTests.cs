using System.Net;
using System.Net.Http.Json;
using FactTracker.Claims.Claims;
using FactTracker.Contracts;
using FactTracker.Testing;

namespace FactTracker.Claims.Tests.Features.Authentication;

/// <summary>Claims are read by verifiers, admins and the newsroom that posted the update; a dry run by any key.</summary>
public sealed class AuthenticationTests(ClaimsFixture fixture) : IClassFixture<ClaimsFixture>
{
    [Fact]
    public async Task Reading_claims_without_a_key_is_401_and_as_a_subscriber_403()
    {
        var path = $"/v1/updates/{Guid.NewGuid()}/claims";
        await (await fixture.Service.CreateClient().GetAsync(path)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await fixture.Service.CreateClient(fixture.Scope.Principals.Subscriber).GetAsync(path)).AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_dry_run_needs_a_key_of_any_role()
    {
        var body = new { text = "At least 748 people were injured." };
        await (await fixture.Service.CreateClient().PostAsJsonAsync("/v1/extract", body)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await fixture.Service.CreateClient(fixture.Scope.Principals.Subscriber).PostAsJsonAsync("/v1/extract", body)).StatusCode);
    }

    [Fact]
    public async Task A_newsroom_sees_its_own_updates_claims_and_not_another_newsrooms()
    {
        var principals = fixture.Scope.Principals;
        var update = ClaimsFixture.NewUpdate(new ReportedFigure("killed", "people", new FigureValue("exact", 3, 3, null), null, null))
            with { PostedBy = principals.Newsroom.Id };
        await fixture.Messages.Bus.Publish(update);
        var submitted = await fixture.Messages.WaitForAsync<ClaimSubmitted>(c => c.UpdateId == update.UpdateId);
        Assert.Equal(principals.Newsroom.Id, submitted.Single().PostedBy);
        Assert.Equal(update.Text, submitted.Single().UpdateText);

        var path = $"/v1/updates/{update.UpdateId}/claims";
        Assert.Single((await fixture.Service.CreateClient(principals.Newsroom).GetFromJsonAsync<List<Claim>>(path))!);
        Assert.Single((await fixture.Service.CreateClient(principals.Admin).GetFromJsonAsync<List<Claim>>(path))!);
        Assert.Empty((await fixture.Service.CreateClient(principals.OtherNewsroom).GetFromJsonAsync<List<Claim>>(path))!);

        var claim = $"/v1/claims/{submitted.Single().ClaimId}";
        Assert.Equal(HttpStatusCode.OK, (await fixture.Service.CreateClient(principals.Newsroom).GetAsync(claim)).StatusCode);
        await (await fixture.Service.CreateClient(principals.OtherNewsroom).GetAsync(claim)).AssertProblemAsync(HttpStatusCode.NotFound);
    }
}
