using FactTracker.Ingest.Features.GetUpdate;
using FactTracker.Ingest.Features.PostUpdate;
using FactTracker.Ingest.Updates;
using FactTracker.ServiceDefaults;

namespace FactTracker.Ingest;

public sealed class Program
{
    public static async Task Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults("ingest");
        builder.AddServiceMarten("ingest", opts =>
        {
            opts.Schema.For<Update>().Index(u => u.Story);
            opts.Schema.For<IdempotencyRecord>();
        });
        builder.AddServiceMessaging();

        var app = builder.Build();
        app.MapServiceDefaults();
        PostUpdate.Map(app);
        GetUpdate.Map(app);
        await app.RunAsync();
    }
}
