using System.Diagnostics;
using System.Text;
using FactTracker.Contracts;
using FactTracker.Publication.Subscriptions;
using Marten;
using MassTransit;

namespace FactTracker.Publication.Features.DeliverWebhook;

/// <summary>
/// POSTs one delivery to its subscription. The HTTP client retries with backoff (Polly); when every attempt
/// fails the delivery is parked as failed, visible in the subscription's deliveries. Safe to run twice.
/// </summary>
public sealed class DeliveryRequestedConsumer(IDocumentStore store, IHttpClientFactory clients, TimeProvider clock,
    ILogger<DeliveryRequestedConsumer> logger) : IConsumer<DeliveryRequested>
{
    public const string ClientName = "webhooks";
    public static readonly string UserAgent = $"FactTracker-Webhooks/{typeof(DeliveryRequestedConsumer).Assembly.GetName().Version?.ToString(3)}";

    public async Task Consume(ConsumeContext<DeliveryRequested> context)
    {
        var ct = context.CancellationToken;
        await using var session = store.LightweightSession();
        var delivery = await session.LoadAsync<Delivery>(context.Message.DeliveryId, ct);
        if (delivery is null || delivery.Status != DeliveryStatus.Pending) return;

        var subscription = await session.LoadAsync<Subscription>(delivery.SubscriptionId, ct);
        if (subscription is null)
        {
            delivery.Status = DeliveryStatus.Cancelled;
            delivery.LastError = "The subscription was deleted.";
        }
        else
        {
            await SendAsync(delivery, subscription, ct);
        }
        session.Store(delivery);
        await session.SaveChangesAsync(ct);
    }

    private async Task SendAsync(Delivery delivery, Subscription subscription, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url)
            {
                Content = new StringContent(delivery.Payload, Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("webhook-id", delivery.Id.ToString());
            request.Headers.Add("webhook-timestamp", clock.GetUtcNow().ToUnixTimeSeconds().ToString());
            request.Headers.UserAgent.ParseAdd(UserAgent);
            using var response = await clients.CreateClient(ClientName).SendAsync(request, ct);
            delivery.LastStatusCode = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                delivery.Status = DeliveryStatus.Delivered;
                delivery.DeliveredAt = clock.GetUtcNow();
                delivery.LastError = null;
            }
            else
            {
                delivery.Status = DeliveryStatus.Failed;
                delivery.LastError = $"The endpoint answered {(int)response.StatusCode} {response.ReasonPhrase}.";
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or Polly.Timeout.TimeoutRejectedException
                                       or Polly.CircuitBreaker.BrokenCircuitException && !ct.IsCancellationRequested)
        {
            delivery.Status = DeliveryStatus.Failed;
            delivery.LastError = ex.Message;
        }
        delivery.LastAttemptAt = clock.GetUtcNow();
        if (delivery.Status == DeliveryStatus.Failed)
            logger.LogWarning("Delivery {DeliveryId} to subscription {SubscriptionId} failed after retries and is parked: {Error}",
                delivery.Id, delivery.SubscriptionId, delivery.LastError);
        else
            logger.LogInformation("Delivered {DeliveryId} to subscription {SubscriptionId} in {Elapsed} ms",
                delivery.Id, delivery.SubscriptionId, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }
}
