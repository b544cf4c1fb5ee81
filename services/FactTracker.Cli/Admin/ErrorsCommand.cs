using System.CommandLine;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using RabbitMQ.Client;

namespace FactTracker.Cli.Admin;

/// <summary>
/// <c>facttracker admin errors list|replay</c>: the messages MassTransit parked in <c>_error</c> queues after its
/// retries, with the exception it recorded, and moving a queue's messages back to the queue they failed on.
/// </summary>
public static class ErrorsCommand
{
    public const string DefaultRabbitMq = "amqp://facttracker:facttracker@127.0.0.1:5672/facttracker";
    public const string DefaultManagement = "http://127.0.0.1:15672";
    private const string ErrorSuffix = "_error";

    public static Command Create()
    {
        var rabbit = new Option<string>("--rabbitmq")
        {
            Description = "AMQP URI of the broker and virtual host; its user and password also sign in to the management API",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("FACTTRACKER_RABBITMQ") ?? DefaultRabbitMq,
            Recursive = true,
            HelpName = "uri",
        };
        rabbit.Validators.Add(r =>
        {
            if (!Uri.TryCreate(r.GetValueOrDefault<string>(), UriKind.Absolute, out var uri) || uri.Scheme is not ("amqp" or "amqps"))
                r.AddError("--rabbitmq must be an amqp:// URI, e.g. " + DefaultRabbitMq);
        });
        var management = new Option<string>("--management")
        {
            Description = "Base URL of the RabbitMQ management API",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("FACTTRACKER_RABBITMQ_MANAGEMENT") ?? DefaultManagement,
            Recursive = true,
            HelpName = "url",
        };
        management.Validators.Add(r =>
        {
            if (ServiceCalls.ParseBaseUrl(r.GetValueOrDefault<string>() ?? "") is null) r.AddError("--management must be an absolute http(s) URL");
        });

        var list = new Command("list", "Each queue ending in _error: how many messages it holds and, for each, its type and the exception.");
        // Output goes where the invocation says (the console unless a caller, e.g. a test, gives its own writers).
        list.SetAction((result, ct) => ListAsync(Broker.From(result.GetRequiredValue(rabbit), result.GetRequiredValue(management)),
            result.InvocationConfiguration.Output, result.InvocationConfiguration.Error, ct));

        var queue = new Argument<string>("queue") { Description = "An error queue, e.g. update-received_error" };
        queue.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string>() is not { } q || !q.EndsWith(ErrorSuffix, StringComparison.Ordinal) || q.Length == ErrorSuffix.Length)
                r.AddError($"QUEUE must be the name of an error queue ending in {ErrorSuffix}");
        });
        var replay = new Command("replay", "Move every message of an error queue back to the queue it failed on.") { queue };
        replay.SetAction((result, ct) => ReplayAsync(Broker.From(result.GetRequiredValue(rabbit), result.GetRequiredValue(management)),
            result.GetRequiredValue(queue), result.InvocationConfiguration.Output, result.InvocationConfiguration.Error, ct));

        var errors = new Command("errors", "Messages that failed after every retry.") { list, replay };
        return new Command("admin", "Operate the message broker.") { rabbit, management, errors };
    }

    private sealed record Broker(Uri Amqp, Uri Management, string User, string Password, string VirtualHost)
    {
        public static Broker From(string amqp, string management)
        {
            var uri = new Uri(amqp);
            var credentials = Uri.UnescapeDataString(uri.UserInfo).Split(':', 2);
            var vhost = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
            return new Broker(uri, new Uri(management.TrimEnd('/') + "/"), credentials[0], credentials.Length > 1 ? credentials[1] : "",
                vhost.Length == 0 ? "/" : vhost);
        }

        public HttpClient Http()
        {
            var http = new HttpClient { BaseAddress = Management, Timeout = TimeSpan.FromSeconds(30) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}")));
            return http;
        }

        public string Path(string what) => $"api/{what}/{Uri.EscapeDataString(VirtualHost)}";
    }

    private static async Task<int> ListAsync(Broker broker, TextWriter output, TextWriter errors, CancellationToken ct)
    {
        using var http = broker.Http();
        List<QueueInfo> queues;
        try
        {
            queues = (await http.GetFromJsonAsync<List<QueueInfo>>($"{broker.Path("queues")}?columns=name,messages", ct) ?? [])
                .Where(q => q.Name.EndsWith(ErrorSuffix, StringComparison.Ordinal)).OrderBy(q => q.Name, StringComparer.Ordinal).ToList();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            errors.WriteLine($"Cannot read the queues of virtual host '{broker.VirtualHost}' from {broker.Management}: {e.Message}");
            return 1;
        }
        if (queues.Count == 0)
        {
            output.WriteLine($"No error queues in virtual host '{broker.VirtualHost}'.");
            return 0;
        }
        foreach (var q in queues)
        {
            output.WriteLine($"{q.Name}  {q.Messages} message(s)");
            if (q.Messages == 0) continue;
            // Peek: every message is put back (requeued) after it is read.
            using var peek = await http.PostAsJsonAsync($"{broker.Path("queues")}/{Uri.EscapeDataString(q.Name)}/get",
                new { count = q.Messages, ackmode = "ack_requeue_true", encoding = "auto", truncate = 50_000 }, ct);
            peek.EnsureSuccessStatusCode();
            var messages = await peek.Content.ReadFromJsonAsync<JsonElement>(ct);
            foreach (var m in messages.EnumerateArray())
            {
                var headers = m.GetProperty("properties").TryGetProperty("headers", out var h) ? h : default;
                output.WriteLine($"  {MessageType(m)}  {Header(headers, "MT-Fault-ExceptionType")}: {Header(headers, "MT-Fault-Message")}");
            }
        }
        return 0;
    }

    private static string MessageType(JsonElement message)
    {
        try
        {
            using var envelope = JsonDocument.Parse(message.GetProperty("payload").GetString() ?? "");
            if (envelope.RootElement.TryGetProperty("messageType", out var types) && types.GetArrayLength() > 0)
                return types[0].GetString()!.Replace("urn:message:", "").Replace(':', '.');
        }
        catch (JsonException) { }
        return message.GetProperty("properties").TryGetProperty("type", out var type) ? type.GetString() ?? "(unknown type)" : "(unknown type)";
    }

    private static string Header(JsonElement headers, string name) =>
        headers.ValueKind == JsonValueKind.Object && headers.TryGetProperty(name, out var v) ? v.ToString() : "(none)";

    /// <summary>
    /// Moves the messages present when it starts, one at a time: each is republished to its original queue, confirmed
    /// by the broker, and only then removed from the error queue, so a failure midway loses nothing (at worst the
    /// message is in both queues, and consumers are idempotent).
    /// </summary>
    private static async Task<int> ReplayAsync(Broker broker, string errorQueue, TextWriter output, TextWriter errors, CancellationToken ct)
    {
        var target = errorQueue[..^ErrorSuffix.Length];
        var factory = new ConnectionFactory { Uri = broker.Amqp, UserName = broker.User, Password = broker.Password, VirtualHost = broker.VirtualHost };
        try
        {
            await using var connection = await factory.CreateConnectionAsync(ct);
            await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(
                publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), ct);
            var waiting = await channel.QueueDeclarePassiveAsync(errorQueue, ct);
            await channel.QueueDeclarePassiveAsync(target, ct);
            var moved = 0u;
            while (moved < waiting.MessageCount && await channel.BasicGetAsync(errorQueue, autoAck: false, ct) is { } message)
            {
                var properties = new BasicProperties(message.BasicProperties);
                // The fault headers describe the failure being replayed; a new failure writes its own.
                if (properties.Headers is { } headers)
                    foreach (var key in headers.Keys.Where(k => k.StartsWith("MT-Fault-", StringComparison.Ordinal) || k == "MT-Reason").ToList())
                        headers.Remove(key);
                await channel.BasicPublishAsync("", target, mandatory: true, properties, message.Body, ct);
                await channel.BasicAckAsync(message.DeliveryTag, multiple: false, ct);
                moved++;
            }
            output.WriteLine($"Moved {moved} message(s) from {errorQueue} back to {target}.");
            return 0;
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
        {
            errors.WriteLine($"No such queue in virtual host '{broker.VirtualHost}': {e.ShutdownReason.ReplyText}");
            return 1;
        }
        catch (RabbitMQ.Client.Exceptions.BrokerUnreachableException e)
        {
            errors.WriteLine($"Cannot reach RabbitMQ at {broker.Amqp.Host}:{broker.Amqp.Port}: {e.InnerException?.Message ?? e.Message}");
            return 1;
        }
    }

    private sealed record QueueInfo(string Name, long Messages);
}
