using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using FactTracker.Contracts;
using FactTracker.Testing;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace FactTracker.Console.Tests;

/// <summary>The verifier console in headless chromium against a real Kestrel: sign in, decide with the keyboard, read refusals.</summary>
public sealed class ConsoleBrowserTests(ConsoleFixture fixture, ITestOutputHelper output) : IClassFixture<ConsoleFixture>
{
    private static readonly DateTimeOffset Morning = DateTimeOffset.Parse("2022-01-06T10:15:00+06:00");

    private static string NewStory() => $"story-{Guid.NewGuid():N}"[..20];

    private static ClaimSubmitted Claim(string story, long value, string source, DateTimeOffset reportedAt) => new(
        Guid.NewGuid(), Guid.NewGuid(), story, "injured", "people", new FigureValue("exact", value, value, null), source,
        $"{value} people were injured", "https://example.org/live", reportedAt, DateTimeOffset.UtcNow, "structured",
        UpdateText: $"By noon, {value} people were injured, {source} said.", QuoteStart: 9, QuoteEnd: 9 + $"{value} people were injured".Length);

    private async Task<IPage> SignedInAsync(TestPrincipal verifier)
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.BaseAddress.ToString(), ViewportSize = new() { Width = 1200, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/console");
        Assert.Contains("/console/sign-in", page.Url);
        await page.GetByLabel("Verifier key").FillAsync(verifier.Key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/console$"));
        Assert.Contains($"Signed in as {verifier.Name}", await page.Locator("header.top").InnerTextAsync());
        return page;
    }

    private async Task<string> ScreenshotAsync(IPage page, string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{name}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        output.WriteLine($"Screenshot: {path}");
        return path;
    }

    private static Task<int> StepsAsync(IPage page) => page.Locator("svg.chart circle.step").CountAsync();

    [Fact]
    public async Task A_verifier_signs_in_approves_from_the_queue_with_the_keyboard_and_the_figures_chart_gains_a_step()
    {
        var story = NewStory();
        var first = Claim(story, 748, "Local authorities", Morning);
        var second = Claim(story, 800, "Ministry of Health", Morning.AddHours(2));
        await fixture.SubmitAsync(first, second);
        var approved = await fixture.Api(fixture.Scope.Principals.Bob).PostAsJsonAsync($"/v1/claims/{first.ClaimId}/approve", new { });
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);

        var page = await SignedInAsync(fixture.Scope.Principals.Alice);
        await page.GotoAsync($"/console/figures/{story}/injured/people");
        Assert.Equal(1, await StepsAsync(page));

        await page.GotoAsync($"/console?story={story}");
        var rows = page.Locator("#queue tr.claim");
        Assert.Equal(1, await rows.CountAsync());
        Assert.Equal(second.ClaimId.ToString(), await rows.First.GetAttributeAsync("data-claim"));
        await page.Keyboard.PressAsync("k"); // stays on the first (and only) row
        Assert.Equal("true", await rows.First.GetAttributeAsync("aria-selected"));
        await page.Keyboard.PressAsync("a");
        await page.Locator("#message").WaitForAsync();
        Assert.Contains("Approved", await page.Locator("#message").InnerTextAsync());
        Assert.Equal(0, await page.Locator("#queue tr.claim").CountAsync());

        await page.GotoAsync($"/console/figures/{story}/injured/people");
        Assert.Equal(2, await StepsAsync(page));
        Assert.Contains("800", await page.Locator("#headline").InnerTextAsync());
        await ScreenshotAsync(page, "console-figure-after-keyboard-approval");

        // The claim page shows the quote highlighted and the approval in the audit trail.
        await page.GotoAsync($"/console/claims/{second.ClaimId}");
        Assert.Equal("800 people were injured", await page.Locator("mark#quote").InnerTextAsync());
        Assert.Contains("review_approved", await page.Locator("#audit").InnerTextAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_four_eyes_refusal_reads_as_a_message_on_the_claim_page()
    {
        var story = NewStory();
        var high = Claim(story, 748, "Local authorities", Morning);
        var lower = Claim(story, 500, "Ministry of Health", Morning.AddHours(3));
        await fixture.SubmitAsync(high, lower);
        Assert.Equal(HttpStatusCode.OK, (await fixture.Api(fixture.Scope.Principals.Bob).PostAsJsonAsync($"/v1/claims/{high.ClaimId}/approve", new { })).StatusCode);

        var page = await SignedInAsync(fixture.Scope.Principals.Alice);
        await page.GotoAsync($"/console/claims/{lower.ClaimId}");
        await page.Locator("#approve").ClickAsync();
        Assert.StartsWith("Refused (422): This approval needs a reason.", await page.Locator("#message").InnerTextAsync());

        await page.GetByLabel("Reason", new() { Exact = true }).First.FillAsync("the ministry revised its count");
        await page.Locator("#approve").ClickAsync();
        await page.WaitForURLAsync(new Regex($"/console/claims/{lower.ClaimId}$"));
        Assert.StartsWith("Held for a second verifier.", await page.Locator("#message").InnerTextAsync());

        await page.Locator("#approve-reason").FillAsync("still the ministry's count");
        await page.Locator("#approve").ClickAsync();
        var message = page.Locator("[role=alert]#message");
        Assert.Equal("Refused (403): A second, different verifier must approve this. alice already proposed this change; a second, different verifier must confirm it.",
            await message.InnerTextAsync());
        await ScreenshotAsync(page, "console-four-eyes-refusal");

        // Bob, the second verifier, makes it apply.
        Assert.Equal(HttpStatusCode.OK, (await fixture.Api(fixture.Scope.Principals.Bob).PostAsJsonAsync($"/v1/claims/{lower.ClaimId}/approve", new { })).StatusCode);
        await page.GotoAsync($"/console/figures/{story}/injured/people");
        Assert.Equal(2, await StepsAsync(page));
        await page.Context.CloseAsync();
    }
}
