using System.Collections.Concurrent;
using System.Net.Http.Json;
using FactTracker.Contracts;
using FactTracker.Publication.Features.ReadFigures;
using FactTracker.Publication.Subscriptions;
using FactTracker.Testing;
using MassTransit;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace FactTracker.Publication.Tests;

/// <summary>
/// Publication on its own database and virtual host, allowed to deliver to plain-http receivers on 127.0.0.1, on a retry
/// schedule shortened to about two seconds, with a webhook receiver whose answer each test chooses per path (give every
/// subscription its own /hook/{guid}).
/// </summary>
public class PublicationFixture : IAsyncLifetime
{
    /// <summary>Eight attempts, as on Svix's schedule, within about two seconds.</summary>
    public const string ShortSchedule = "100ms,200ms,300ms,300ms,300ms,300ms,300ms";
    public const int MaxAttempts = 8;
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(2);

    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly ConcurrentDictionary<string, Func<ReceivedWebhook, WebhookAnswer>> _responders = new();
    private ServiceFactory<Program> _factory = default!;

    public PublicationFixture() : this(allowLoopback: true) { }

    protected PublicationFixture(bool allowLoopback, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Webhooks:RetrySchedule"] = ShortSchedule,
            ["Webhooks:PollInterval"] = "00:00:00.100",
            ["Webhooks:MaxConcurrencyPerEndpoint"] = "4",
            ["Webhooks:Timeout"] = AttemptTimeout.ToString(),
            // Ten failures in a minute open an endpoint's circuit; a test that fails more waits one second, not thirty.
            ["Webhooks:CircuitBreakDuration"] = "00:00:01",
        };
        if (allowLoopback) all["Webhooks:AllowedHosts"] = "127.0.0.1";
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) all[key] = value;
        _settings = all;
    }

    public InfrastructureScope Scope { get; } = new();
    public WebhookReceiver Receiver { get; } = new();
    /// <summary>What the service's consumers did with each message, so a test can wait until one was handled (or refused).</summary>
    public ConsumerAttempts Consumed { get; } = new();
    public MessageObserver Messages { get; private set; } = default!;
    public WebApplicationFactory<Program> Service { get; private set; } = default!;
    public HttpClient Client { get; private set; } = default!;

    /// <summary>Replaces services of the app under test (e.g. the DNS resolver); applied at every start.</summary>
    protected virtual void ConfigureServices(IServiceCollection services) { }

    public async Task InitializeAsync()
    {
        await Scope.InitializeAsync();
        await Receiver.InitializeAsync();
        Receiver.Respond = hook => _responders.TryGetValue(hook.Path, out var respond) ? respond(hook) : StatusCodes.Status200OK;
        Messages = new MessageObserver(Scope, typeof(SubscriptionDisabled));
        await Messages.InitializeAsync();
        Start();
    }

    private void Start()
    {
        _factory = new ServiceFactory<Program>(Scope, _settings);
        Service = _factory.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
        {
            s.AddSingleton<IConfigureReceiveEndpoint>(Consumed);
            ConfigureServices(s);
        }));
        Client = Service.CreateClient(Scope.Principals.Subscriber);
    }

    /// <summary>Stops Publication as a deployment would, and starts a new instance on the same database and broker.</summary>
    public async Task RestartAsync()
    {
        Client.Dispose();
        await _factory.DisposeAsync();
        Start();
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await _factory.DisposeAsync(); // disposes Service, derived from it
        await Messages.DisposeAsync();
        await Receiver.DisposeAsync();
        await Scope.DisposeAsync();
    }

    public static string NewStory() => $"story-{Guid.NewGuid():N}"[..22];

    public static FigureValue Exact(long n) => new("exact", n, n, null);

    /// <summary>The first revision of a figure as Verification announces it; the figure id is story/metric/subject.</summary>
    public static Contracts.FigureRevised Revision(string story, FigureValue value, string metric = "killed",
        string subject = "people", string source = "Ministry of Health") =>
        new FigureTimeline(story, metric, subject).Approve(value, source);

    /// <summary>Publishes as Verification would, over the broker; returns the message id to wait on.</summary>
    public async Task<Guid> PublishAsync<T>(T message) where T : class
    {
        var messageId = NewId.NextGuid();
        await Messages.Bus.Publish(message, context => context.MessageId = messageId);
        return messageId;
    }

    /// <summary>Waits until the figure reads at <paramref name="revision"/> or later.</summary>
    public async Task<FigureView> WaitForFigureAsync(string figureId, int revision = 1) =>
        await Eventually.UntilAsync(async () =>
        {
            using var response = await Client.GetAsync($"/v1/figures/{figureId}");
            return response.IsSuccessStatusCode && await response.Content.ReadFromJsonAsync<FigureView>() is { } view
                && view.Revision >= revision ? view : null;
        }, $"revision {revision} of {figureId} to be published");

    /// <summary>Waits until the figure's history satisfies <paramref name="until"/>; the history must exist.</summary>
    public async Task<FigureHistory> WaitForHistoryAsync(string figureId, Func<FigureHistory, bool> until, TimeSpan? timeout = null) =>
        await Eventually.UntilAsync(async () =>
        {
            using var response = await Client.GetAsync($"/v1/figures/{figureId}/history");
            if (!response.IsSuccessStatusCode) return null;
            var history = await response.Content.ReadFromJsonAsync<FigureHistory>();
            return history is not null && until(history) ? history : null;
        }, $"the history of {figureId} to match", timeout);

    /// <summary>Registers a subscription at its own path on the receiver, answering with <paramref name="respond"/> (200 when null).</summary>
    public async Task<(Guid Id, string Path)> SubscribeAsync(Func<ReceivedWebhook, WebhookAnswer>? respond = null)
    {
        var (subscription, path) = await CreateSubscriptionAsync(respond);
        return (subscription.Id, path);
    }

    /// <summary>Registers a subscription at its own path, with a filter if given; the answer holds its secret.</summary>
    public async Task<(SubscriptionView Subscription, string Path)> CreateSubscriptionAsync(Func<ReceivedWebhook, WebhookAnswer>? respond = null,
        object? filter = null)
    {
        var path = $"/hook/{Guid.NewGuid():N}";
        if (respond is not null) _responders[path] = respond;
        var response = await Client.PostAsJsonAsync("/v1/subscriptions", new { url = new Uri(Receiver.BaseAddress, path).ToString(), description = "test receiver", filter });
        response.EnsureSuccessStatusCode();
        return ((await response.Content.ReadFromJsonAsync<SubscriptionView>())!, path);
    }

    /// <summary>Changes how the receiver answers at <paramref name="path"/> from now on.</summary>
    public void Answer(string path, Func<ReceivedWebhook, WebhookAnswer> respond) => _responders[path] = respond;

    public async Task UnsubscribeAsync(Guid id) => await Client.DeleteAsync($"/v1/subscriptions/{id}");

    public IReadOnlyList<ReceivedWebhook> ReceivedAt(string path) => Receiver.Received.Where(h => h.Path == path).ToList();

    public async Task<IReadOnlyList<DeliverySummary>> DeliveriesAsync(Guid subscriptionId, string? status = null) =>
        (await Client.GetFromJsonAsync<List<DeliverySummary>>(
            $"/v1/subscriptions/{subscriptionId}/deliveries{(status is null ? "" : $"?status={status}")}"))!;

    public async Task<DeliveryDetail> DeliveryAsync(Guid deliveryId) =>
        (await Client.GetFromJsonAsync<DeliveryDetail>($"/v1/deliveries/{deliveryId}"))!;

    /// <summary>Waits until the subscription's delivery of <paramref name="figureId"/> (of the given type) is in <paramref name="status"/>.</summary>
    public async Task<DeliverySummary> WaitForDeliveryAsync(Guid subscriptionId, string figureId, string status, TimeSpan? timeout = null,
        string eventType = "figure.revised", int? revision = null) =>
        await Eventually.UntilAsync(async () =>
            (await DeliveriesAsync(subscriptionId)).SingleOrDefault(d => d.FigureId == figureId && d.EventType == eventType
                && (revision is null || d.Revision == revision) && d.Status == status),
            $"the {eventType} delivery of {figureId} to be {status}", timeout);
}

/// <summary>
/// Publication with its production default: no host is allow-listed, so nothing may subscribe this machine. Its DNS answers
/// <see cref="RebindingResolver.Host"/> with a public address once, then with 127.0.0.1, as a DNS rebinding attack would.
/// </summary>
public sealed class NoLoopbackPublicationFixture() : PublicationFixture(allowLoopback: false)
{
    public RebindingResolver Resolver { get; } = new();

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<IEndpointResolver>(Resolver);
}

/// <summary>The system's DNS, except for one name that answers a public address at first and loopback afterwards.</summary>
public sealed class RebindingResolver : IEndpointResolver
{
    public const string Host = "rebind.facttracker.test";
    private int _lookups;

    public Task<System.Net.IPAddress[]> ResolveAsync(string host, CancellationToken ct) =>
        host != Host
            ? new DnsEndpointResolver().ResolveAsync(host, ct)
            : Task.FromResult(new[] { Interlocked.Increment(ref _lookups) == 1 ? System.Net.IPAddress.Parse("93.184.215.14") : System.Net.IPAddress.Loopback });
}

public sealed record ConsumerAttempt(Guid? MessageId, object Message, Exception? Fault);

/// <summary>
/// Records every attempt a consumer of the service makes at a message, retries included, with the exception it threw.
/// It wraps each consumer's own pipe, inside the endpoint's retry, which is where a refused attempt is visible.
/// </summary>
public sealed class ConsumerAttempts : IConfigureReceiveEndpoint, IConsumerConfigurationObserver
{
    private readonly ConcurrentQueue<ConsumerAttempt> _attempts = new();

    public IReadOnlyList<ConsumerAttempt> Of(Guid messageId) => _attempts.Where(a => a.MessageId == messageId).ToList();

    public Task WaitForAsync(Guid messageId, Func<ConsumerAttempt, bool> match, string what, TimeSpan? timeout = null) =>
        Eventually.UntilAsync(() => Of(messageId).Any(match), what, timeout);

    public void Configure(string name, IReceiveEndpointConfigurator configurator) => configurator.ConnectConsumerConfigurationObserver(this);

    public void ConsumerConfigured<TConsumer>(IConsumerConfigurator<TConsumer> configurator) where TConsumer : class { }

    public void ConsumerMessageConfigured<TConsumer, TMessage>(IConsumerMessageConfigurator<TConsumer, TMessage> configurator)
        where TConsumer : class where TMessage : class =>
        configurator.UseInlineFilter(async (context, next) =>
        {
            try
            {
                await next.Send(context);
            }
            catch (Exception e)
            {
                _attempts.Enqueue(new ConsumerAttempt(context.MessageId, context.Message, e));
                throw;
            }
            _attempts.Enqueue(new ConsumerAttempt(context.MessageId, context.Message, null));
        });
}
