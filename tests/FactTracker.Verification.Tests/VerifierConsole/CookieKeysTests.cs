using System.Net;
using System.Text.RegularExpressions;
using FactTracker.Testing;
using FactTracker.Verification.VerifierConsole;
using Marten;
using Microsoft.AspNetCore.Mvc.Testing;

namespace FactTracker.Verification.Tests.VerifierConsole;

/// <summary>
/// Two instances of Verification behind one address: the console's cookies are encrypted with keys kept in PostgreSQL,
/// so a verifier signed in through one instance is signed in on the other, and its forms pass antiforgery there.
/// </summary>
public sealed partial class CookieKeysTests(VerificationFixture fixture) : IClassFixture<VerificationFixture>
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [Fact]
    public async Task A_console_session_started_on_one_instance_is_honoured_by_another()
    {
        var first = fixture.Service.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var signInPage = await first.GetAsync("/console/sign-in");
        var token = WebUtility.HtmlDecode(TokenPattern().Match(await signInPage.Content.ReadAsStringAsync()).Groups[1].Value);
        var signIn = await first.PostAsync("/console/sign-in", new FormUrlEncodedContent(
            [KeyValuePair.Create("key", fixture.Scope.Principals.Alice.Key), KeyValuePair.Create("__RequestVerificationToken", token)]));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var cookies = signInPage.Headers.GetValues("Set-Cookie").Concat(signIn.Headers.GetValues("Set-Cookie"))
            .Select(c => c.Split(';')[0]).ToList();
        Assert.Contains(cookies, c => c.StartsWith("ft_console=", StringComparison.Ordinal));

        await using var second = new ServiceFactory<Program>(fixture.Scope);
        var other = second.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/console");
        request.Headers.Add("Cookie", string.Join("; ", cookies));
        var queue = await other.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, queue.StatusCode);
        Assert.Contains("Signed in as <strong>alice</strong>", await queue.Content.ReadAsStringAsync());
        // The key that encrypted the cookie is in the service's schema, not in a folder of one instance.
        await using var session = fixture.Store.QuerySession();
        Assert.NotEmpty(await session.Query<CookieKey>().ToListAsync());
    }
}
