using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FactTracker.Resilience.Tests.Mechanisms;

/// <summary>The services call out to nobody but their broker, database and subscribers: MassTransit's usage report is off.</summary>
[Collection(MessagingCollection.Name)]
public sealed class UsageTelemetryTests(MessagingFixture f)
{
    [Fact]
    public void Every_service_has_MassTransit_usage_telemetry_turned_off()
    {
        foreach (var services in new[] { f.Claims.Services, f.Verification.Services, f.Publication.Services })
            Assert.False(services.GetRequiredService<IOptions<UsageTelemetryOptions>>().Value.Enabled);
    }
}
