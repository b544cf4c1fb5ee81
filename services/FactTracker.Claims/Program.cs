using FactTracker.Claims.Claims;
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
        builder.AddServiceMarten("claims", opts => opts.Schema.For<Claim>().Index(c => c.UpdateId).Index(c => c.Story));
        builder.AddServiceMessaging(x => x.AddConsumer<UpdateReceivedConsumer>());

        var app = builder.Build();
        app.MapServiceDefaults();
        GetClaims.Map(app);
        await app.RunAsync();
    }
}
