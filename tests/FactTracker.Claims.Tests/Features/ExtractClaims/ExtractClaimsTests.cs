using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FactTracker.Claims.Claims;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace FactTracker.Claims.Tests.Features.ExtractClaims;

public sealed class ExtractClaimsTests(ClaimsFixture fixture) : IClassFixture<ClaimsFixture>
{
    private async Task<int> StoredClaims()
    {
        await using var session = fixture.Service.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return await session.Query<Claim>().CountAsync();
    }

    [Fact]
    public async Task A_dry_run_returns_the_claims_of_a_text_and_stores_nothing()
    {
        var before = await StoredClaims();
        var text = "The Ministry of Health has for its part reported more than a thousand injured and 62 people placed in intensive care.";

        var response = await fixture.Client.PostAsJsonAsync("/v1/extract", new { text, source = "Almaty live desk" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var claims = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("claims").EnumerateArray().ToList();
        Assert.Collection(claims,
            c =>
            {
                Assert.Equal(("injured", "at_least", 1000), (c.GetProperty("metric").GetString(), c.GetProperty("value").GetProperty("kind").GetString(), c.GetProperty("value").GetProperty("low").GetInt32()));
                Assert.Equal("Ministry of Health", c.GetProperty("source").GetString());
            },
            c => Assert.Equal(("hospitalized", 62), (c.GetProperty("metric").GetString(), c.GetProperty("value").GetProperty("low").GetInt32())));
        Assert.All(claims, c => Assert.Equal(c.GetProperty("quote").GetString(),
            text[c.GetProperty("start").GetInt32()..c.GetProperty("end").GetInt32()]));
        Assert.Equal(before, await StoredClaims());
    }

    [Theory]
    [InlineData("""{"source":"x"}""", "text")]
    [InlineData("""{"text":""}""", "text")]
    [InlineData("""{"text":7}""", "text")]
    [InlineData("""{"text":"a","colour":"red"}""", "colour")]
    public async Task Bad_input_is_a_problem_naming_the_field(string body, string field)
    {
        var response = await fixture.Client.PostAsync("/v1/extract", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }
}
