using FactTracker.Claims.Claims;
using FactTracker.Claims.Features.ExtractClaims;
using FactTracker.Claims.Features.GetClaims;
using FactTracker.Claims.Features.UpdateReceived;
using FactTracker.ServiceDefaults;

namespace FactTracker.Claims;

public sealed class Program
{
    public static async Task Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults("claims");
        builder.AddServiceMarten("claims", opts =>
        {
            // Repeats are found by figure, and appearances change claims concurrently: check versions.
            opts.Schema.For<Claim>().Index(c => c.UpdateId).Index(c => c.Story).Index(c => c.FigureId).UseOptimisticConcurrency(true);
            opts.Schema.For<ProcessedUpdate>();
        });
        builder.AddServiceMessaging(x => x.AddConsumer<UpdateReceivedConsumer>());

        var app = builder.Build();
        app.MapServiceDefaults();
        GetClaims.Map(app);
        ExtractClaims.Map(app);
        await app.RunAsync();
    }
}
