using FactTracker.Contracts;
using FactTracker.ServiceDefaults;
using FactTracker.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace FactTracker.Resilience.Tests.Mechanisms;

/// <summary>
/// RabbitMq:Nodes lists a cluster's nodes: a service connects to the first one that answers, and the connection
/// string keeps giving the user, password and virtual host.
/// </summary>
public sealed class RabbitMqClusterTests
{
    [Theory]
    [InlineData(null, "")]
    [InlineData("", "")]
    [InlineData(" , ", "")]
    [InlineData("rabbitmq-0", "rabbitmq-0:5672")]
    [InlineData("rabbitmq-0:5673, rabbitmq-1 ,rabbitmq-2:5674", "rabbitmq-0:5673,rabbitmq-1:5672,rabbitmq-2:5674")]
    [InlineData("10.0.0.7:5672,rabbitmq.messaging.svc.cluster.local", "10.0.0.7:5672,rabbitmq.messaging.svc.cluster.local:5672")]
    public void Nodes_are_read_as_host_and_port_with_the_connection_strings_port_by_default(string? setting, string expected) =>
        Assert.Equal(expected, string.Join(',', RabbitMqNodes.Parse(setting, 5672)));

    [Theory]
    [InlineData("rabbitmq-0:")]
    [InlineData("rabbitmq-0:0")]
    [InlineData("rabbitmq-0:65536")]
    [InlineData("rabbitmq-0:amqp")]
    [InlineData("amqp://rabbitmq-0:5672")]
    [InlineData("rabbit mq:5672")]
    public void A_node_that_is_not_host_or_host_and_port_is_refused(string setting)
    {
        var e = Assert.Throws<FormatException>(() => RabbitMqNodes.Parse(setting, 5672));
        Assert.StartsWith("RabbitMq:Nodes:", e.Message);
    }

    [Fact]
    public async Task A_service_reaches_the_broker_through_the_listed_nodes_past_one_that_is_down()
    {
        var scope = new InfrastructureScope();
        await scope.InitializeAsync();
        try
        {
            // The connection string's own host is closed, and so is the first node: only the second node leads to the broker.
            var closed = $"amqp://{Uri.EscapeDataString(InfrastructureScope.RabbitMqUser)}:{Uri.EscapeDataString(InfrastructureScope.RabbitMqPassword)}"
                + $"@127.0.0.1:1/{Uri.EscapeDataString(scope.VirtualHost)}";
            await using var claims = new ServiceFactory<Claims.Program>(scope, new Dictionary<string, string?>
            {
                ["ConnectionStrings:rabbitmq"] = closed,
                [RabbitMqNodes.Setting] = $"127.0.0.1:1,{InfrastructureScope.RabbitMqHost}:{InfrastructureScope.RabbitMqPort}",
            });
            claims.CreateClient().Dispose(); // starts the service; its bus is started before this returns
            using var probe = new BusProbe(claims.Services.GetRequiredService<IBus>());
            var observer = new MessageObserver(scope, typeof(ClaimSubmitted));
            await observer.InitializeAsync();
            try
            {
                var update = Messages.Update();
                await observer.Bus.Publish(update);

                await probe.WaitForConsumedAsync<UpdateReceived>(m => m.UpdateId == update.UpdateId);
                // And out again: the outbox relay publishes the claim over the same connection.
                await observer.WaitForAsync<ClaimSubmitted>(c => c.UpdateId == update.UpdateId);
            }
            finally
            {
                await observer.DisposeAsync();
            }
        }
        finally
        {
            await scope.DisposeAsync();
        }
    }
}
