using FactTracker.Publication.Features.DeliverWebhook;
using FactTracker.Publication.Features.FigureRevised;
using FactTracker.Publication.Features.ManageSubscriptions;
using FactTracker.Publication.Features.ReadFigures;
using FactTracker.Publication.Features.ReadStories;
using FactTracker.Publication.Figures;
using FactTracker.Publication.Subscriptions;
using FactTracker.ServiceDefaults;
using JasperFx.Events.Projections;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace FactTracker.Publication;

public sealed class Program
{
    public static async Task Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults("publication");
        builder.AddServiceMarten("publication", opts =>
        {
            opts.Projections.Snapshot<PublishedFigure>(SnapshotLifecycle.Inline);
            opts.Schema.For<PublishedFigure>().Index(f => f.Story);
            opts.Schema.For<Subscription>();
            opts.Schema.For<Delivery>().Index(d => d.SubscriptionId).Index(d => d.Status).Index(d => d.FigureId);
        });
        builder.AddServiceMessaging(x =>
        {
            x.AddConsumer<FigureRevisedConsumer>();
            x.AddConsumer<FigureCorrectedConsumer>();
            x.AddConsumer<FigureContestedConsumer>();
            x.AddConsumer<DeliveryRequestedConsumer>();
        });
        builder.Services.Configure<WebhookOptions>(builder.Configuration.GetSection("Webhooks"));
        builder.Services.AddHttpClient(DeliveryRequestedConsumer.ClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false })
            .AddResilienceHandler("webhook-delivery", pipeline =>
            {
                pipeline.AddTimeout(TimeSpan.FromSeconds(60));
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = 3,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = TimeSpan.FromSeconds(1),
                });
                pipeline.AddTimeout(TimeSpan.FromSeconds(10));
            });

        var app = builder.Build();
        app.MapServiceDefaults();
        ReadFigures.Map(app);
        ReadStories.Map(app);
        ManageSubscriptions.Map(app);
        await app.RunAsync();
    }
}
