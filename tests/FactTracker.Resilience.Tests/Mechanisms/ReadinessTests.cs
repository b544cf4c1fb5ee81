using System.Net;
using FactTracker.ServiceDefaults;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace FactTracker.Resilience.Tests.Mechanisms;

/// <summary>/health/ready reports a stale outbox, and recovers when it drains, without a restart.</summary>
[Collection(MessagingCollection.Name)]
public sealed class ReadinessTests(MessagingFixture f)
{
    [Fact]
    public async Task A_stale_outbox_makes_the_service_unready_until_it_drains()
    {
        using var client = f.Claims.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);

        // A message this build cannot publish stays in the outbox, as one would while the broker is down.
        var store = f.Claims.Services.GetRequiredService<IDocumentStore>();
        var stuck = new OutboxMessage
        {
            Id = Guid.CreateVersion7(),
            MessageType = "FactTracker.Contracts.NoSuchMessage",
            Body = "{}",
            CreatedAt = DateTimeOffset.UtcNow.AddMinutes(-5),
        };
        await using (var session = store.LightweightSession())
        {
            session.Store(stuck);
            await session.SaveChangesAsync();
        }
        try
        {
            var unready = await client.GetAsync("/health/ready");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, unready.StatusCode);
            Assert.Contains("outbox", await unready.Content.ReadAsStringAsync());
        }
        finally
        {
            await using var session = store.LightweightSession();
            session.Delete<OutboxMessage>(stuck.Id);
            await session.SaveChangesAsync();
        }
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }
}
