using System.Net;
using System.Net.Sockets;

namespace FactTracker.Publication.Subscriptions;

/// <summary>
/// Which addresses a webhook may reach: only public ones, so a subscription cannot make FactTracker call into its own
/// network (SSRF). Checked when a subscription is registered and again when each connection is made.
/// </summary>
public static class EndpointAddresses
{
    private sealed record Range(IPAddress Network, int PrefixLength, string Reason);

    private static readonly Range[] Forbidden =
    [
        V("0.0.0.0/8", "unspecified"),
        V("10.0.0.0/8", "private (RFC 1918)"),
        V("100.64.0.0/10", "shared carrier-grade NAT (100.64/10)"),
        V("127.0.0.0/8", "loopback"),
        V("169.254.0.0/16", "link-local or cloud metadata"),
        V("172.16.0.0/12", "private (RFC 1918)"),
        V("192.0.0.0/24", "IETF protocol assignment"),
        V("192.0.2.0/24", "documentation"),
        V("192.168.0.0/16", "private (RFC 1918)"),
        V("198.18.0.0/15", "benchmarking"),
        V("198.51.100.0/24", "documentation"),
        V("203.0.113.0/24", "documentation"),
        V("224.0.0.0/4", "multicast"),
        V("240.0.0.0/4", "reserved"),
        V("::/128", "unspecified"),
        V("::1/128", "loopback"),
        V("::ffff:0:0/96", "IPv4-mapped"),
        V("::/96", "IPv4-compatible"),
        V("64:ff9b::/96", "NAT64"),
        V("100::/64", "discard"),
        V("2001:db8::/32", "documentation"),
        V("fc00::/7", "unique-local"),
        V("fe80::/10", "link-local"),
        V("fec0::/10", "site-local"),
        V("ff00::/8", "multicast"),
    ];

    private static Range V(string cidr, string reason)
    {
        var (network, prefix) = EndpointAllowList.ParseCidr(cidr)!.Value;
        return new Range(network, prefix, reason);
    }

    /// <summary>Why FactTracker must not connect to <paramref name="address"/>, or null when it is a public address.</summary>
    public static string? WhyForbidden(IPAddress address)
    {
        foreach (var range in Forbidden)
            if (EndpointAllowList.Contains(range.Network, range.PrefixLength, address)) return range.Reason;
        // 6to4 carries an IPv4 address inside: judge that one.
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            if (bytes[0] == 0x20 && bytes[1] == 0x02 && WhyForbidden(new IPAddress(bytes[2..6])) is { } inner) return $"6to4 {inner}";
        }
        return null;
    }
}

/// <summary>The operator's trusted hosts (Webhooks:AllowedHosts): names, addresses and ranges.</summary>
public sealed class EndpointAllowList
{
    private readonly HashSet<string> _names = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<(IPAddress Network, int PrefixLength)> _ranges = [];

    public static readonly EndpointAllowList Empty = new();

    public bool IsEmpty => _names.Count == 0 && _ranges.Count == 0;

    /// <summary>Parses "localhost, 127.0.0.1 ::1 10.1.0.0/16"; returns what is wrong, or null.</summary>
    public static string? TryParse(string? text, out EndpointAllowList list)
    {
        list = new EndpointAllowList();
        foreach (var entry in (text ?? "").Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (entry.Contains('/'))
            {
                if (ParseCidr(entry) is not { } range) return $"'{entry}' is not an address range such as 10.1.0.0/16";
                list._ranges.Add(range);
            }
            else if (IPAddress.TryParse(entry.Trim('[', ']'), out var ip))
                list._ranges.Add((ip, ip.AddressFamily == AddressFamily.InterNetwork ? 32 : 128));
            else if (Uri.CheckHostName(entry) == UriHostNameType.Dns)
                list._names.Add(entry.TrimEnd('.'));
            else
                return $"'{entry}' is not a host name, address or range";
        }
        return null;
    }

    /// <summary>Whether a URL's host (a name, or an address literal) is trusted.</summary>
    public bool Allows(string host)
    {
        host = host.Trim('[', ']').TrimEnd('.');
        if (IPAddress.TryParse(host, out var ip)) return _ranges.Any(r => Contains(r.Network, r.PrefixLength, ip));
        return _names.Contains(host);
    }

    internal static (IPAddress Network, int PrefixLength)? ParseCidr(string cidr)
    {
        var slash = cidr.IndexOf('/');
        if (slash < 0 || !IPAddress.TryParse(cidr[..slash], out var network) || !int.TryParse(cidr[(slash + 1)..], out var prefix)) return null;
        var bits = network.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        return prefix is >= 0 && prefix <= bits ? (network, prefix) : null;
    }

    internal static bool Contains(IPAddress network, int prefixLength, IPAddress address)
    {
        if (network.AddressFamily != address.AddressFamily) return false;
        var a = network.GetAddressBytes();
        var b = address.GetAddressBytes();
        var whole = prefixLength / 8;
        for (var i = 0; i < whole; i++)
            if (a[i] != b[i]) return false;
        var rest = prefixLength % 8;
        if (rest == 0) return true;
        var mask = (byte)(0xFF << (8 - rest));
        return (a[whole] & mask) == (b[whole] & mask);
    }
}

/// <summary>Resolves a host name to addresses; replaced in tests to play DNS rebinding.</summary>
public interface IEndpointResolver
{
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct);
}

public sealed class DnsEndpointResolver : IEndpointResolver
{
    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct) => Dns.GetHostAddressesAsync(host, ct);
}

/// <summary>Thrown when a connection would reach an address that is not allowed; the attempt fails and says why.</summary>
public sealed class EndpointRefusedException(string message) : Exception(message);
