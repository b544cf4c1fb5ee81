using System.Threading.RateLimiting;
using FactTracker.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FactTracker.ServiceDefaults;

/// <summary>Write limits per API key; generous by default so tests and benchmarks run unthrottled.</summary>
public sealed class RateLimitOptions
{
    /// <summary>Writes (any method but GET, HEAD, OPTIONS) one key may make per <see cref="WindowSeconds"/>.</summary>
    public int WritesPerWindow { get; set; } = 10_000;
    public int WindowSeconds { get; set; } = 60;
}

public static class SecurityExtensions
{
    /// <summary>API-key authentication against the identity schema, role policies, and per-key write limits.</summary>
    public static WebApplicationBuilder AddServiceSecurity(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(sp => new IdentityStore(
            sp.GetRequiredService<IConfiguration>().GetConnectionString("postgres") ?? ServiceDefaultsExtensions.DefaultPostgres));
        builder.Services.AddSingleton<ApiKeyAuthenticator>();
        builder.Services.AddAuthentication(ApiKeyDefaults.Scheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyDefaults.Scheme, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Authenticated, p => p.RequireAuthenticatedUser())
            .AddPolicy(Policies.Newsroom, p => p.RequireRole(Roles.Newsroom, Roles.Admin))
            .AddPolicy(Policies.ClaimReader, p => p.RequireRole(Roles.Newsroom, Roles.Verifier, Roles.Admin))
            .AddPolicy(Policies.Verifier, p => p.RequireRole(Roles.Verifier))
            .AddPolicy(Policies.ReviewReader, p => p.RequireRole(Roles.Verifier, Roles.Admin))
            .AddPolicy(Policies.Admin, p => p.RequireRole(Roles.Admin))
            .AddPolicy(Policies.Subscriber, p => p.RequireRole(Roles.Subscriber, Roles.Admin));

        var limits = builder.Configuration.GetSection("RateLimits").Get<RateLimitOptions>() ?? new RateLimitOptions();
        builder.Services.AddRateLimiter(o =>
        {
            // Every write, on every endpoint, partitioned by the key that made it (by address when there is none).
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method) || HttpMethods.IsOptions(context.Request.Method)
                    ? RateLimitPartition.GetNoLimiter("reads")
                    : RateLimitPartition.GetFixedWindowLimiter(
                        context.User.KeyId() ?? $"ip:{context.Connection.RemoteIpAddress}",
                        _ => new FixedWindowRateLimiterOptions
                        {
                            PermitLimit = limits.WritesPerWindow,
                            Window = TimeSpan.FromSeconds(limits.WindowSeconds),
                            QueueLimit = 0,
                        }));
            o.OnRejected = async (context, ct) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(limits.WindowSeconds);
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                var http = context.HttpContext;
                http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Title = "Too many writes with this key.",
                        Detail = $"This key may make {limits.WritesPerWindow} writes per {limits.WindowSeconds} s; retry after {seconds} s.",
                    },
                });
            };
        });
        return builder;
    }

    public static WebApplication UseServiceSecurity(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseRateLimiter(); // after authentication: it partitions by the caller's key
        app.UseAuthorization();
        return app;
    }
}
