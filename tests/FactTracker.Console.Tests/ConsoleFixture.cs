using FactTracker.Contracts;
using FactTracker.Testing;
using MassTransit;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace FactTracker.Console.Tests;

/// <summary>
/// Verification on a real loopback port (WebApplicationFactory.UseKestrel: a browser cannot reach its TestServer), on its
/// own database and virtual host, and one headless Debian chromium driven by Playwright.
/// </summary>
public sealed class ConsoleFixture : IAsyncLifetime
{
    /// <summary>As /work/shared/INFRA.md says: Playwright's own browser download cannot work here.</summary>
    public static readonly BrowserTypeLaunchOptions Launch = new()
    {
        ExecutablePath = "/usr/bin/chromium",
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    };

    public InfrastructureScope Scope { get; } = new();
    public ServiceFactory<Verification.Program> Service { get; private set; } = default!;
    public MessageObserver Messages { get; private set; } = default!;
    public BusProbe Probe { get; private set; } = default!;
    public Uri BaseAddress { get; private set; } = default!;
    public IPlaywright Playwright { get; private set; } = default!;
    public IBrowser Browser { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        await Scope.InitializeAsync();
        Messages = new MessageObserver(Scope);
        await Messages.InitializeAsync();
        Service = new ServiceFactory<Verification.Program>(Scope);
        Service.UseKestrel(0);
        Service.StartServer();
        var address = Service.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.Replace("//localhost:", "//127.0.0.1:").Replace("//[::]:", "//127.0.0.1:"));
        Probe = new BusProbe(Service.Services.GetRequiredService<IBus>());
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(Launch);
    }

    /// <summary>An HTTP client of the API on the same port, with <paramref name="principal"/>'s key.</summary>
    public HttpClient Api(TestPrincipal principal) => new HttpClient { BaseAddress = BaseAddress }.WithKey(principal.Key);

    /// <summary>Publishes claims the way Claims does and waits until Verification has handled each of them.</summary>
    public async Task SubmitAsync(params ClaimSubmitted[] claims)
    {
        foreach (var claim in claims) await Messages.Bus.Publish(claim);
        var ids = claims.Select(c => c.ClaimId).ToHashSet();
        await Probe.WaitForConsumedAsync<ClaimSubmitted>(m => ids.Contains(m.ClaimId), claims.Length);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        Playwright?.Dispose();
        Probe?.Dispose();
        if (Service is not null) await Service.DisposeAsync();
        if (Messages is not null) await Messages.DisposeAsync();
        await Scope.DisposeAsync();
    }
}
