using FactTracker.Identity;
using FactTracker.ServiceDefaults;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace FactTracker.Verification.VerifierConsole;

/// <summary>
/// The verifier console at /console: Razor Pages rendered on the server, signed in with a verifier's API key into a
/// cookie whose principal is that key's principal (the same claims the API scheme gives a request with the key).
/// </summary>
public static class ConsoleSetup
{
    public const string PathBase = "/console";
    public const string CookieScheme = "VerifierConsole";
    /// <summary>Chooses per request: the cookie under /console, API keys everywhere else (the API never reads the cookie).</summary>
    public const string SelectorScheme = "ApiKeyOrConsole";
    public const string Policy = "console-verifier";
    public static readonly TimeSpan SessionLength = TimeSpan.FromHours(8);

    public static WebApplicationBuilder AddVerifierConsole(this WebApplicationBuilder builder)
    {
        CookieKeyRepository.AddTo(builder);
        builder.Services.AddRazorPages(o =>
        {
            o.RootDirectory = "/VerifierConsole/Pages";
            o.Conventions.AuthorizeFolder("/", Policy);
            o.Conventions.AllowAnonymousToPage("/SignIn");
        });
        builder.Services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "ft_console_csrf";
            o.Cookie.Path = PathBase;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.HeaderName = null;
        });
        builder.Services.Configure<Microsoft.AspNetCore.Mvc.CookieTempDataProviderOptions>(o =>
        {
            o.Cookie.Name = "ft_console_msg";
            o.Cookie.Path = PathBase;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });

        builder.Services.AddAuthentication(SelectorScheme)
            .AddPolicyScheme(SelectorScheme, "API key, or the console's cookie under /console", o =>
                o.ForwardDefaultSelector = context => context.Request.Path.StartsWithSegments(PathBase) ? CookieScheme : ApiKeyDefaults.Scheme)
            .AddCookie(CookieScheme, o =>
            {
                o.Cookie.Name = "ft_console";
                o.Cookie.Path = PathBase;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = SessionLength;
                o.SlidingExpiration = true;
                o.LoginPath = $"{PathBase}/sign-in";
                o.LogoutPath = $"{PathBase}/sign-out";
                o.AccessDeniedPath = $"{PathBase}/sign-in";
                // A revoked key ends its console sessions too (at once here, within the key cache's 30 s elsewhere).
                o.Events.OnValidatePrincipal = async context =>
                {
                    var authenticator = context.HttpContext.RequestServices.GetRequiredService<ApiKeyAuthenticator>();
                    if (!Guid.TryParse(context.Principal?.KeyId(), out var keyId)
                        || !await authenticator.IsActiveAsync(keyId, context.HttpContext.RequestAborted))
                    {
                        context.RejectPrincipal();
                        await context.HttpContext.SignOutAsync(CookieScheme);
                    }
                };
            });
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policy, p => p.AddAuthenticationSchemes(CookieScheme).RequireRole(Roles.Verifier));
        return builder;
    }

    public static WebApplication MapVerifierConsole(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments(PathBase))
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src 'self' data:; " +
                                                "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "same-origin";
                headers.CacheControl = "no-store";
            }
            await next();
        });
        app.MapRazorPages();
        return app;
    }
}
