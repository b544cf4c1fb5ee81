using System.Net;
using Microsoft.Extensions.Options;

namespace FactTracker.Publication.Subscriptions;

/// <summary>
/// The URL rules for webhook endpoints: https to a public address, unless the operator allow-listed the host.
/// Registration checks the URL and what its host resolves to now; every connection checks again (see <see cref="ResolveAsync"/>).
/// </summary>
public sealed class EndpointRules
{
    public const int MaxUrlLength = 2_048;
    private static readonly TimeSpan RegistrationLookupTimeout = TimeSpan.FromSeconds(3);
    private readonly IEndpointResolver _resolver;

    public EndpointRules(IOptions<WebhookOptions> options, IEndpointResolver resolver)
    {
        _resolver = resolver;
        if (EndpointAllowList.TryParse(options.Value.AllowedHosts, out var list) is { } problem)
            throw new InvalidOperationException($"Webhooks:AllowedHosts: {problem}");
        AllowList = list;
    }

    public EndpointAllowList AllowList { get; }

    /// <summary>What is wrong with <paramref name="url"/> as a webhook endpoint, or null when it may be registered.</summary>
    public async Task<string?> CheckUrlAsync(string? url, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(url)) return "url is required";
        if (url.Length > MaxUrlLength) return $"url must be at most {MaxUrlLength} characters";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host))
            return "url must be an absolute https URL";
        if (!string.IsNullOrEmpty(uri.UserInfo)) return "url must not carry credentials";
        if (!string.IsNullOrEmpty(uri.Fragment)) return "url must not have a fragment";
        if (CheckScheme(uri) is { } scheme) return scheme;
        if (AllowList.Allows(uri.IdnHost)) return null;

        IPAddress[] addresses;
        if (IPAddress.TryParse(uri.IdnHost.Trim('[', ']'), out var literal)) addresses = [literal];
        else
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(RegistrationLookupTimeout);
            try
            {
                addresses = await _resolver.ResolveAsync(uri.IdnHost, timeout.Token);
            }
            catch (Exception e) when (e is System.Net.Sockets.SocketException or OperationCanceledException && !ct.IsCancellationRequested)
            {
                // A name that does not resolve yet may well later; every connection is checked again.
                return null;
            }
        }
        foreach (var address in addresses)
            if (EndpointAddresses.WhyForbidden(address) is { } why)
                return addresses.Length == 1 && literal is not null
                    ? $"url must not point at a {why} address ({address})"
                    : $"url's host {uri.IdnHost} resolves to {address}, a {why} address";
        return null;
    }

    /// <summary>https, or plain http to an allow-listed host.</summary>
    public string? CheckScheme(Uri uri) =>
        uri.Scheme == "https" || AllowList.Allows(uri.IdnHost) ? null : "url must use https (plain http only to hosts the operator allow-lists)";

    /// <summary>
    /// The addresses a connection to <paramref name="host"/> may use, resolved once and every one checked; throws
    /// <see cref="EndpointRefusedException"/> if any is not allowed, so a name cannot be re-pointed inside between check and use.
    /// </summary>
    public async Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct)
    {
        host = host.Trim('[', ']');
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await _resolver.ResolveAsync(host, ct);
        if (addresses.Length == 0) throw new EndpointRefusedException($"{host} has no address");
        if (AllowList.Allows(host)) return addresses;
        foreach (var address in addresses)
            if (EndpointAddresses.WhyForbidden(address) is { } why)
                throw new EndpointRefusedException($"refused to connect: {host} resolves to {address}, a {why} address");
        return addresses;
    }
}
