using System.Text.Json;
using System.Text.Json.Serialization;
using JasperFx;
using JasperFx.Events;
using Marten;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.AspNetCore.Hosting;
using Npgsql;
using Weasel.Core;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace FactTracker.ServiceDefaults;

public static class ServiceDefaultsExtensions
{
    public const string DefaultPostgres = "Host=127.0.0.1;Port=5432;Database=facttracker;Username=facttracker;Password=facttracker;SSL Mode=Disable";
    public const string DefaultRabbitMq = "amqp://facttracker:facttracker@127.0.0.1:5672/facttracker";
    public const long MaxRequestBodyBytes = 256 * 1024;

    /// <summary>Logging, telemetry, problem details, health, OpenAPI and JSON conventions shared by every service.</summary>
    public static WebApplicationBuilder AddServiceDefaults(this WebApplicationBuilder builder, string serviceName)
    {
        builder.Logging.AddFilter("Marten", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        if (!string.Equals(builder.Configuration["Logging:Format"], "simple", StringComparison.OrdinalIgnoreCase))
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
                o.UseUtcTimestamp = true;
            });
        }
        else
        {
            // Readable lines still need the time, to put a service's log beside another's.
            builder.Logging.AddSimpleConsole(o =>
            {
                o.TimestampFormat = "HH:mm:ss.fff ";
                o.UseUtcTimestamp = true;
            });
        }

        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = MaxRequestBodyBytes);

        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            ctx.ProblemDetails.Instance ??= ctx.HttpContext.Request.Path;
            ctx.ProblemDetails.Extensions.TryAdd("traceId", System.Diagnostics.Activity.Current?.TraceId.ToString() ?? ctx.HttpContext.TraceIdentifier);
        });
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        // Binding failures throw so the handler can name the offending field.
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.ConfigureHttpJsonOptions(o => ConfigureJson(o.SerializerOptions));

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddOpenApi();

        builder.Services.AddHealthChecks().AddCheck<PostgresHealthCheck>("postgres", tags: ["ready"]);
        builder.AddServiceSecurity();

        var exporting = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName, serviceNamespace: "facttracker",
                serviceVersion: typeof(ServiceDefaultsExtensions).Assembly.GetName().Version?.ToString()))
            .WithTracing(t =>
            {
                // Requests, messages and webhooks always carry the trace on (the outbox and the webhooks store it);
                // a span per SQL command and per outgoing request is recorded only when someone receives the spans.
                t.AddSource(Telemetry.SourceName)
                    .AddSource("MassTransit")
                    .AddAspNetCoreInstrumentation(o => o.Filter = ctx => !ctx.Request.Path.StartsWithSegments("/health"));
                if (exporting) t.AddHttpClientInstrumentation().AddNpgsql();
            })
            .WithMetrics(m => m
                .AddMeter("MassTransit")
                .AddMeter(GroupCommits.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation());
        if (exporting) otel.UseOtlpExporter();

        return builder;
    }

    public static void ConfigureJson(JsonSerializerOptions json)
    {
        json.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        json.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        // A misspelt field is an error, not silently ignored.
        json.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
    }

    /// <summary>Marten in the service's own schema, with the outbox and schema applied at start-up.</summary>
    public static MartenServiceCollectionExtensions.MartenConfigurationExpression AddServiceMarten(
        this WebApplicationBuilder builder, string schema, Action<StoreOptions>? configure = null)
    {
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddHostedService<OutboxRelay>();
        builder.Services.AddGroupCommits(builder.Configuration);
        builder.Services.AddHealthChecks().AddCheck<OutboxHealthCheck>("outbox", tags: ["ready"]);
        return builder.Services.AddMarten(sp =>
        {
            var opts = new StoreOptions();
            opts.Connection(PostgresConnections.Tuned(sp.GetRequiredService<IConfiguration>().GetConnectionString("postgres") ?? DefaultPostgres));
            opts.DatabaseSchemaName = schema;
            opts.Events.StreamIdentity = StreamIdentity.AsString;
            // Aggregates are immutable records: the one FetchForWriting loaded can be reused when the same session's
            // inline projection applies the new events, instead of being loaded again.
            opts.Events.UseIdentityMapForAggregates = true;
            opts.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase);
            opts.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
            opts.Schema.For<OutboxMessage>();
            opts.Listeners.Add(new OutboxCommitListener(sp.GetRequiredService<OutboxSignal>()));
            configure?.Invoke(opts);
            return opts;
        })
        .UseLightweightSessions()
        .ApplyAllDatabaseChangesOnStartup();
    }

    /// <summary>MassTransit on RabbitMQ: kebab-case queues, quorum queues, one retry policy for every endpoint.</summary>
    public static WebApplicationBuilder AddServiceMessaging(this WebApplicationBuilder builder, Action<IBusRegistrationConfigurator>? configure = null)
    {
        builder.Services.AddMassTransit(x =>
        {
            // MassTransit otherwise reports this bus's shape to usage-tracking.masstransit.io at start: a newsroom's
            // services call out to nobody but their own broker, database and subscribers.
            x.DisableUsageTelemetry();
            x.SetKebabCaseEndpointNameFormatter();
            configure?.Invoke(x);
            x.AddConfigureEndpointsCallback((context, _, cfg) =>
            {
                if (cfg is IRabbitMqReceiveEndpointConfigurator rabbit) rabbit.SetQuorumQueue();
                // After these, the message moves to the endpoint's _error queue with its exception.
                // A poison message (one that fails validation) goes there at once: retrying cannot fix it.
                cfg.UseMessageRetry(r =>
                {
                    r.Ignore<PoisonMessageException>();
                    r.Exponential(6, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(400));
                });
                cfg.UseConsumeFilter(typeof(ContractValidationFilter<>), context);
            });
            x.UsingRabbitMq((context, cfg) =>
            {
                var configuration = context.GetRequiredService<IConfiguration>();
                var uri = new Uri(configuration.GetConnectionString("rabbitmq") ?? DefaultRabbitMq);
                var credentials = Uri.UnescapeDataString(uri.UserInfo).Split(':', 2);
                var vhost = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
                var port = uri.Port > 0 ? uri.Port : 5672;
                var nodes = RabbitMqNodes.Parse(configuration[RabbitMqNodes.Setting], port);
                cfg.Host(uri.Host, (ushort)port, string.IsNullOrEmpty(vhost) ? "/" : vhost, h =>
                {
                    h.Username(credentials[0]);
                    h.Password(credentials.Length > 1 ? credentials[1] : "");
                    // A cluster: connect to the first node that answers, and to another when the connection drops.
                    if (nodes.Count > 0)
                        h.UseCluster(c =>
                        {
                            foreach (var node in nodes) c.Node(node);
                        });
                });
                // Every consumer waits on PostgreSQL, not the CPU: more messages in hand keep both cores busy.
                var messaging = context.GetRequiredService<IConfiguration>().GetSection("Messaging");
                cfg.PrefetchCount = messaging.GetValue<ushort>("PrefetchCount", 64);
                cfg.ConcurrentMessageLimit = messaging.GetValue("ConcurrentMessageLimit", 32);
                cfg.ConfigureEndpoints(context);
            });
        });
        builder.Services.Configure<MassTransitHostOptions>(o =>
        {
            o.WaitUntilStarted = true; // queues and bindings exist before the service reports ready
            o.StartTimeout = TimeSpan.FromSeconds(60);
            o.StopTimeout = TimeSpan.FromSeconds(30);
        });
        return builder;
    }

    /// <summary>Health, OpenAPI and error handling endpoints every service serves.</summary>
    public static WebApplication MapServiceDefaults(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        // Kestrel enforces the limit while reading; refusing a declared length here answers before any byte is read.
        app.Use(async (context, next) =>
        {
            if (context.Request.ContentLength > MaxRequestBodyBytes)
            {
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails = new Microsoft.AspNetCore.Mvc.ProblemDetails
                    {
                        Status = StatusCodes.Status413PayloadTooLarge,
                        Title = "The request body is too large.",
                        Detail = $"Request bodies are limited to {MaxRequestBodyBytes / 1024} KiB.",
                    },
                });
                return;
            }
            await next();
        });
        app.UseServiceSecurity();
        app.MapOpenApi();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthResponse.WriteAsync });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = HealthResponse.WriteAsync });
        return app;
    }
}

internal sealed class PostgresHealthCheck(IConfiguration configuration) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            await using var connection = new NpgsqlConnection(configuration.GetConnectionString("postgres") ?? ServiceDefaultsExtensions.DefaultPostgres);
            await connection.OpenAsync(ct);
            await using var command = new NpgsqlCommand("select 1", connection);
            await command.ExecuteScalarAsync(ct);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL is unreachable", ex);
        }
    }
}

internal static class HealthResponse
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsJsonAsync(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        });
    }
}
