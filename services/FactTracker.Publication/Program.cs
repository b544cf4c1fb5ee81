using System.Text;
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
using MassTransit;
using MassTransit.Middleware;
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
        builder.AddServiceMessaging(x =>
        {
            // One figure's messages are recorded one at a time, in the order they arrive: each revision is appended once
            // the one before it is, instead of being refused for arriving early and retried until the retries run out.
            var figures = new Partitioner(128, new Murmur3UnsafeHashGenerator());
            x.AddConsumer<FigureRevisedConsumer>((_, c) =>
                c.Message<Contracts.FigureRevised>(m => m.UsePartitioner(figures, p => p.Message.FigureId, Encoding.UTF8)));
            x.AddConsumer<FigureCorrectedConsumer>((_, c) =>
                c.Message<Contracts.FigureCorrected>(m => m.UsePartitioner(figures, p => p.Message.FigureId, Encoding.UTF8)));
            x.AddConsumer<FigureContestedConsumer>((_, c) =>
                c.Message<Contracts.FigureContested>(m => m.UsePartitioner(figures, p => p.Message.FigureId, Encoding.UTF8)));
        });

        builder.Services.AddOptions<WebhookOptions>().Bind(builder.Configuration.GetSection("Webhooks"))
            .Validate(o => o.Problem() is null, "Webhooks settings are invalid").ValidateOnStart();
        builder.Services.AddSingleton<IEndpointResolver, DnsEndpointResolver>();
        builder.Services.AddSingleton<EndpointRules>();
        builder.Services.AddHttpClient(WebhookClient.ClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
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
