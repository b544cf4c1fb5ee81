using System.CommandLine;
using FactTracker.Cli.Admin;
using FactTracker.Testing;

namespace FactTracker.Resilience.Tests.Mechanisms;

/// <summary>
/// `facttracker admin errors list` on the real broker: each _error queue with its count, and each parked message's type
/// and the exception MassTransit recorded for it.
/// </summary>
[Collection(MessagingCollection.Name)]
public sealed class ErrorsListCommandTests(MessagingFixture f)
{
    private static async Task<(int Code, string Output, string Errors)> ListAsync(string rabbitMq, string management)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        var code = await new RootCommand { ErrorsCommand.Create() }
            .Parse(["admin", "errors", "list", "--rabbitmq", rabbitMq, "--management", management])
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = errors });
        return (code, output.ToString(), errors.ToString());
    }

    [Fact]
    public async Task It_prints_each_error_queue_with_its_count_and_each_message_with_its_exception()
    {
        const string queue = "claim-submitted_error";
        var before = await f.Scope.CountAsync(queue);
        await f.Observer.Bus.Publish(Messages.Claim() with { Value = null! });
        await Eventually.UntilAsync(async () => await f.Scope.CountAsync(queue) == before + 1, $"the poison claim in {queue}");

        // The management API's counts lag the queue by a few seconds: ask until it has caught up.
        var expected = $"{queue}  {before + 1} message(s)";
        var (code, output, errors) = (0, "", "");
        await Eventually.UntilAsync(async () =>
        {
            (code, output, errors) = await ListAsync(f.Scope.RabbitMqUri, InfrastructureScope.RabbitMqManagement);
            return output.Contains(expected);
        }, $"'{expected}' in the output");

        Assert.Equal(0, code);
        Assert.Empty(errors);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        var heading = lines.IndexOf(expected);
        Assert.True(heading >= 0, output);
        // Each message of the queue is listed, indented, under its queue's line; the poison one names its type and its fault.
        var messages = lines.Skip(heading + 1).TakeWhile(l => l.StartsWith("  ", StringComparison.Ordinal)).ToList();
        Assert.Equal((int)before + 1, messages.Count);
        Assert.Contains(messages, m => m.Contains("FactTracker.Contracts.ClaimSubmitted")
            && m.Contains("FactTracker.ServiceDefaults.PoisonMessageException: ClaimSubmitted failed validation: ClaimSubmitted.Value is missing"));
        // Listing only peeks: the message is still parked.
        Assert.Equal(before + 1, await f.Scope.CountAsync(queue));
    }

    [Fact]
    public async Task A_virtual_host_without_error_queues_says_so()
    {
        var empty = new InfrastructureScope();
        await empty.InitializeAsync();
        try
        {
            var (code, output, errors) = await ListAsync(empty.RabbitMqUri, InfrastructureScope.RabbitMqManagement);

            Assert.Equal(0, code);
            Assert.Empty(errors);
            Assert.Equal($"No error queues in virtual host '{empty.VirtualHost}'.", output.Trim());
        }
        finally
        {
            await empty.DisposeAsync();
        }
    }

    [Fact]
    public async Task An_unreachable_management_api_is_an_error_with_a_non_zero_exit_code()
    {
        var (code, output, errors) = await ListAsync(f.Scope.RabbitMqUri, "http://127.0.0.1:1");

        Assert.Equal(1, code);
        Assert.Empty(output);
        Assert.Contains($"Cannot read the queues of virtual host '{f.Scope.VirtualHost}' from http://127.0.0.1:1/", errors);
    }
}
