using RabbitMQ.Client;

namespace FactTracker.Testing;

/// <summary>Exact message counts of the scope's queues, read over AMQP (the management API's counts lag by seconds).</summary>
public static class BrokerQueues
{
    public static async Task<uint> CountAsync(this InfrastructureScope scope, string queue)
    {
        var factory = new ConnectionFactory { Uri = new Uri(scope.RabbitMqUri) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        try
        {
            return (await channel.QueueDeclarePassiveAsync(queue)).MessageCount;
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
        {
            return 0; // not declared yet: nothing has failed there
        }
    }
}
