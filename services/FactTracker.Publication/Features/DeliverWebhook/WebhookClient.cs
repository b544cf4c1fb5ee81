using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using FactTracker.Publication.Subscriptions;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace FactTracker.Publication.Features.DeliverWebhook;

/// <summary>An endpoint's answer to one POST: the status, what to tell the subscription's owner, and the first kilobyte of the body.</summary>
public sealed record EndpointAnswer(int Status, string? Reason, Uri? Location, TimeSpan? RetryAfter, string? Body);

/// <summary>
/// Outbound webhook HTTP. One <see cref="HttpClient"/> (from the factory) whose connections are checked address by address,
/// and one Polly pipeline per subscription: a concurrency limit, a circuit breaker and the 15-second timeout, so one slow or
/// dead endpoint cannot hold up the others.
/// </summary>
public sealed class WebhookClient(IHttpClientFactory clients, IOptions<WebhookOptions> options, TimeProvider clock)
{
    public const string ClientName = "webhooks";
    public const int MaxResponseBytes = 1024;
    public static readonly string UserAgent =
        $"FactTracker-Webhooks/{typeof(WebhookClient).Assembly.GetName().Version?.ToString(3)}";

    private readonly ConcurrentDictionary<Guid, ResiliencePipeline<EndpointAnswer>> _pipelines = new();

    public async Task<EndpointAnswer> PostAsync(Guid subscriptionId, Func<HttpRequestMessage> request, CancellationToken ct) =>
        await Pipeline(subscriptionId).ExecuteAsync(async token =>
        {
            using var message = request();
            using var response = await clients.CreateClient(ClientName).SendAsync(message, HttpCompletionOption.ResponseHeadersRead, token);
            return new EndpointAnswer((int)response.StatusCode, response.ReasonPhrase, response.Headers.Location,
                DeliveryDecisions.RetryAfter(response.Headers.RetryAfter, clock.GetUtcNow()), await ReadStartAsync(response, token));
        }, ct);

    private ResiliencePipeline<EndpointAnswer> Pipeline(Guid subscriptionId) => _pipelines.GetOrAdd(subscriptionId, _ =>
    {
        var o = options.Value;
        return new ResiliencePipelineBuilder<EndpointAnswer> { TimeProvider = clock }
            .AddConcurrencyLimiter(o.MaxConcurrencyPerEndpoint, o.MaxConcurrencyPerEndpoint * 4)
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<EndpointAnswer>
            {
                FailureRatio = 0.5,
                MinimumThroughput = 10,
                SamplingDuration = TimeSpan.FromMinutes(1),
                BreakDuration = o.CircuitBreakDuration,
                ShouldHandle = new PredicateBuilder<EndpointAnswer>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .HandleResult(a => a.Status is >= 500 or 429 or 408),
            })
            .AddTimeout(o.Timeout)
            .Build();
    });

    /// <summary>The first kilobyte of the body, for the delivery log; whatever arrived if the rest is slow.</summary>
    private static async Task<string?> ReadStartAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var buffer = new byte[MaxResponseBytes];
        var read = 0;
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(ct);
            int n;
            while (read < buffer.Length && (n = await stream.ReadAsync(buffer.AsMemory(read), ct)) > 0) read += n;
        }
        catch (Exception e) when (e is IOException or HttpRequestException or OperationCanceledException)
        {
            // The status is what counts; a body that stops coming is logged as far as it came.
        }
        return read == 0 ? null : System.Text.Encoding.UTF8.GetString(buffer, 0, read);
    }

    /// <summary>
    /// The primary handler: no redirects, no proxy (it would connect for us, unchecked), and a connect step that resolves the
    /// host once, refuses it if any address is not allowed, and connects to one of exactly the addresses it checked.
    /// </summary>
    public static SocketsHttpHandler CreateHandler(EndpointRules rules, WebhookOptions options) => new()
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        UseCookies = false,
        ConnectTimeout = options.Timeout,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        MaxConnectionsPerServer = options.MaxConcurrencyPerEndpoint * 2,
        ConnectCallback = async (context, ct) =>
        {
            var addresses = await rules.ResolveAsync(context.DnsEndPoint.Host, ct);
            SocketException? last = null;
            foreach (var address in addresses)
            {
                var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch (SocketException e)
                {
                    socket.Dispose();
                    last = e;
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            }
            throw last ?? new SocketException((int)SocketError.HostNotFound);
        },
    };
}
