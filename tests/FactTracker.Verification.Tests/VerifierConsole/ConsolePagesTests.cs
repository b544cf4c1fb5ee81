using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using FactTracker.Testing;
using Microsoft.AspNetCore.Mvc.Testing;

namespace FactTracker.Verification.Tests.VerifierConsole;

/// <summary>The console over HTTP (no browser): sign-in, the cookie, antiforgery, refusals on the page, encoding. The browser tests are in FactTracker.Console.Tests.</summary>
public sealed partial class ConsolePagesTests(VerificationFixture fixture) : IClassFixture<VerificationFixture>
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    private HttpClient Browser() => fixture.Service.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private static async Task<string> TokenAsync(HttpClient client, string url)
    {
        var html = await client.GetStringAsync(url);
        return WebUtility.HtmlDecode(TokenPattern().Match(html).Groups[1].Value);
    }

    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string url, string tokenFrom, params (string, string)[] fields)
    {
        var token = await TokenAsync(client, tokenFrom);
        return await client.PostAsync(url, new FormUrlEncodedContent([.. fields.Select(f => KeyValuePair.Create(f.Item1, f.Item2)),
            KeyValuePair.Create("__RequestVerificationToken", token)]));
    }

    private async Task<HttpClient> SignedInAsync(string key)
    {
        var client = Browser();
        var signIn = await PostFormAsync(client, "/console/sign-in", "/console/sign-in", ("key", key));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        return client;
    }

    [Fact]
    public async Task The_console_asks_for_a_sign_in_and_keeps_the_verifier_in_a_strict_http_only_cookie()
    {
        var client = Browser();
        var anonymous = await client.GetAsync("/console");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/console/sign-in", anonymous.Headers.Location!.PathAndQuery);

        var unknown = await PostFormAsync(client, "/console/sign-in", "/console/sign-in", ("key", "ft_0123456789abcdef0123456789abcdef_nope"));
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Contains("unknown or was revoked", await unknown.Content.ReadAsStringAsync());
        var newsroom = await PostFormAsync(client, "/console/sign-in", "/console/sign-in", ("key", fixture.Scope.Principals.Newsroom.Key));
        Assert.Equal(HttpStatusCode.Forbidden, newsroom.StatusCode);
        Assert.Contains("is not a verifier", await newsroom.Content.ReadAsStringAsync());

        var signIn = await PostFormAsync(client, "/console/sign-in", "/console/sign-in", ("key", fixture.Scope.Principals.Alice.Key));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("ft_console="));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/console", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(fixture.Scope.Principals.Alice.Key, cookie);
        var queue = await client.GetAsync("/console");
        Assert.Equal(HttpStatusCode.OK, queue.StatusCode);
        Assert.Contains("Signed in as <strong>alice</strong>", await queue.Content.ReadAsStringAsync());

        // The API never takes the console's cookie for a key.
        var api = await client.GetAsync("/v1/review-queue");
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
    }

    [Fact]
    public async Task A_form_without_its_antiforgery_token_is_refused()
    {
        var client = await SignedInAsync(fixture.Scope.Principals.Alice.Key);
        var claim = VerificationFixture.NewClaim(VerificationFixture.NewStory());
        await fixture.SubmitAsync(claim);
        var forged = await client.PostAsync($"/console?handler=Approve&id={claim.ClaimId}", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        var review = await fixture.Client.GetFromJsonAsync<System.Text.Json.JsonElement>($"/v1/claims/{claim.ClaimId}");
        Assert.Equal("pending", review.GetProperty("claim").GetProperty("status").GetString());
    }

    [Fact]
    public async Task What_users_wrote_is_encoded_and_refusals_read_as_messages_with_their_status()
    {
        var client = await SignedInAsync(fixture.Scope.Principals.Bob.Key);
        var story = VerificationFixture.NewStory();
        var claim = VerificationFixture.NewClaim(story, source: "<script>alert('x')</script>") with
        {
            UpdateText = "Officials said <b>748</b> people were injured.", QuoteStart = 15, QuoteEnd = 45,
        };
        await fixture.SubmitAsync(claim);

        var page = await client.GetStringAsync($"/console/claims/{claim.ClaimId}");
        Assert.DoesNotContain("<script>alert", page);
        Assert.True(page.Contains("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;"), page);
        Assert.Contains("<mark id=\"quote\">&lt;b&gt;748&lt;/b&gt; people were injured</mark>", page);

        // A reason is required for "other": 400 shown on the page, nothing recorded.
        var refused = await PostFormAsync(client, $"/console/claims/{claim.ClaimId}?handler=Reject", $"/console/claims/{claim.ClaimId}", ("reason", "other"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Refused (400)", await refused.Content.ReadAsStringAsync());

        var rejected = await PostFormAsync(client, $"/console/claims/{claim.ClaimId}?handler=Reject", $"/console/claims/{claim.ClaimId}", ("reason", "duplicate"));
        Assert.Equal(HttpStatusCode.Redirect, rejected.StatusCode);
        var again = await PostFormAsync(client, $"/console/claims/{claim.ClaimId}?handler=Reject", $"/console/claims/{claim.ClaimId}", ("reason", "duplicate"));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("Refused (409): The claim is already rejected.", await again.Content.ReadAsStringAsync());
        var audit = await client.GetStringAsync($"/console/claims/{claim.ClaimId}");
        Assert.Contains("rejected: duplicate", audit);
    }

    [Fact]
    public async Task A_revoked_key_ends_its_console_session()
    {
        var key = await fixture.Scope.CreateKeyAsync("dora", Identity.Roles.Verifier);
        var client = await SignedInAsync(key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/console")).StatusCode);
        var keyId = Guid.ParseExact(key.Substring(3, 32), "N");
        var admin = fixture.Service.CreateClient(fixture.Scope.Principals.Admin);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/v1/keys/{keyId}/revoke", null)).StatusCode);
        var after = await client.GetAsync("/console");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
    }
}
