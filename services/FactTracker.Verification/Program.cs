using FactTracker.ServiceDefaults;
using FactTracker.Verification.Features.ApproveClaim;
using FactTracker.Verification.Features.ClaimSubmitted;
using FactTracker.Verification.Features.CorrectFigure;
using FactTracker.Verification.Features.GetFigure;
using FactTracker.Verification.Features.ManageKeys;
using FactTracker.Verification.Features.RejectClaim;
using FactTracker.Verification.Features.ReviewQueue;
using FactTracker.Verification.Figures;
using FactTracker.Verification.Reviews;
using JasperFx.Events.Projections;

namespace FactTracker.Verification;

public sealed class Program
{
    public static async Task Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults("verification");
        builder.AddServiceMarten("verification", opts =>
        {
            opts.Projections.Snapshot<Figure>(SnapshotLifecycle.Inline);
            // A decision is taken on the claim as it was loaded: a concurrent one makes the later save fail.
            opts.Schema.For<ReviewItem>().UseOptimisticConcurrency(true)
                .Index(r => r.Status).Index(r => r.Story).Index(r => r.SubmittedAt);
        });
        builder.AddServiceMessaging(x => x.AddConsumer<ClaimSubmittedConsumer>());

        var app = builder.Build();
        app.MapServiceDefaults();
        ReviewQueue.Map(app);
        ApproveClaim.Map(app);
        RejectClaim.Map(app);
        CorrectFigure.Map(app);
        GetFigure.Map(app);
        ManageKeys.Map(app);
        await app.RunAsync();
    }
}
