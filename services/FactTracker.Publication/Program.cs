using FactTracker.Publication.Features.DeliverWebhook;
using FactTracker.Publication.Features.FigureRevised;
using FactTracker.Publication.Features.InspectDeliveries;
using FactTracker.Publication.Features.ManageSubscriptions;
using FactTracker.Publication.Features.ReadFigures;
using FactTracker.Publication.Features.ReadStories;
using FactTracker.Publication.Figures;
using FactTracker.Publication.Subscriptions;
using FactTracker.ServiceDefaults;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.Options;

namespace FactTracker.Publication;

public sealed class Program
{
    public static async Task Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults("publication");
        builder.Services.AddSingleton<DeliverySignal>();
        builder.AddServiceMarten("publication", opts =>
        {
            opts.Projections.Snapshot<PublishedFigure>(SnapshotLifecycle.Inline);
            opts.Schema.For<PublishedFigure>().Index(f => f.Story);
            // asOf and reportedAsOf: one row per revision, found by one indexed look-up whose order is the index's own
            // (every column of the ORDER BY in the index, so the newest match is the first entry read, not a scan back to T).
            opts.Projections.Add(new PublishedRevisionProjection(), ProjectionLifecycle.Inline);
            opts.Schema.For<PublishedRevision>()
                .Index([r => r.FigureId, r => r.PublishedAt, r => r.Revision], i => i.Name = "mt_doc_publishedrevision_by_time");
            opts.Projections.Add(new ReportedRevisionProjection(), ProjectionLifecycle.Inline);
            opts.Schema.For<ReportedRevision>()
                .Index([r => r.FigureId, r => r.Reported, r => r.ReportedAt, r => r.Revision], i => i.Name = "mt_doc_reportedrevision_by_report")
                .Index([r => r.FigureId, r => r.Change, r => r.Revision], i => i.Name = "mt_doc_reportedrevision_by_change");
            opts.Schema.For<Subscription>().UseOptimisticConcurrency(true).Duplicate(s => s.Status);
            opts.Schema.For<Delivery>(); // its columns and indexes: Delivery.ConfigureMarten
        });
        builder.Services.ConfigureMarten((sp, opts) => opts.Listeners.Add(new DeliveryCommitListener(sp.GetRequiredService<DeliverySignal>(), sp.GetRequiredService<TimeProvider>())));
        builder.Services.AddSingleton<RevisionTurns>();
        builder.AddServiceMessaging(x =>
        {
            x.AddConsumer<FigureRevisedConsumer>();
            x.AddConsumer<FigureCorrectedConsumer>();
            x.AddConsumer<FigureContestedConsumer>();
        });

        builder.Services.AddOptions<WebhookOptions>().Bind(builder.Configuration.GetSection("Webhooks"))
            .Validate(o => o.Problem() is null, "Webhooks settings are invalid").ValidateOnStart();
        builder.Services.AddSingleton<IEndpointResolver, DnsEndpointResolver>();
        builder.Services.AddSingleton<EndpointRules>();
        // No request logging: every attempt is already in its delivery's log, and the factory's handlers would write four
        // lines per webhook at Information, each with the subscriber's URL (which may carry a token).
        builder.Services.AddHttpClient(WebhookClient.ClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .RemoveAllLoggers()
            .ConfigurePrimaryHttpMessageHandler(sp => WebhookClient.CreateHandler(sp.GetRequiredService<EndpointRules>(),
                sp.GetRequiredService<IOptions<WebhookOptions>>().Value));
        builder.Services.AddSingleton<WebhookClient>();
        builder.Services.AddSingleton<WebhookSender>();
        builder.Services.AddHostedService<DeliveryScheduler>();
        builder.Services.AddHostedService<RevisionViewsBackfill>();

        var app = builder.Build();
        app.MapServiceDefaults();
        ReadFigures.Map(app);
        ReadStories.Map(app);
        ManageSubscriptions.Map(app);
        InspectDeliveries.Map(app);
        await app.RunAsync();
    }
}
