using FactTracker.ServiceDefaults;
using FactTracker.Verification.Features.ApproveClaim;
using FactTracker.Verification.Features.BulkDecision;
using FactTracker.Verification.Features.GetClaim;
using FactTracker.Verification.Features.ReviewClaim;
using FactTracker.Verification.Features.ClaimSubmitted;
using FactTracker.Verification.Features.CorrectFigure;
using FactTracker.Verification.Features.GetFigure;
using FactTracker.Verification.Features.ManageKeys;
using FactTracker.Verification.Features.RejectClaim;
using FactTracker.Verification.Features.ReviewQueue;
using FactTracker.Verification.Figures;
using FactTracker.Verification.Reviews;
using FactTracker.Verification.VerifierConsole;
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
            // Each claim's review is a stream; its inline snapshot is the queue's document.
            opts.Projections.Snapshot<Review>(SnapshotLifecycle.Inline);
            opts.Schema.For<Review>().Index(r => r.Status).Index(r => r.Story).Index(r => r.SubmittedAt).Index(r => r.AssignedTo);
        });
        builder.AddServiceMessaging(x => x.AddConsumer<ClaimSubmittedConsumer>());
        builder.AddVerifierConsole();

        var app = builder.Build();
        app.MapServiceDefaults();
        ReviewQueue.Map(app);
        ApproveClaim.Map(app);
        RejectClaim.Map(app);
        CorrectFigure.Map(app);
        GetFigure.Map(app);
        ManageKeys.Map(app);
        ReviewClaim.Map(app);
        GetClaim.Map(app);
        BulkDecision.Map(app);
        app.MapVerifierConsole();
        await app.RunAsync();
    }
}
