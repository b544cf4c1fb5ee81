namespace FactTracker.ServiceDefaults;

/// <summary>
/// <c>RabbitMq:Nodes</c>: the nodes of a RabbitMQ cluster, comma-separated <c>host</c> or <c>host:port</c>
/// (<c>rabbitmq-0:5672,rabbitmq-1:5672,rabbitmq-2:5672</c>). When it is set the services connect to the first node that
/// answers and move to the next when a connection drops; <c>ConnectionStrings:rabbitmq</c> still gives the user, password
/// and virtual host. Unset, the single host of the connection string is used, as before.
/// </summary>
public static class RabbitMqNodes
{
    public const string Setting = "RabbitMq:Nodes";

    /// <summary>The nodes listed, each as <c>host:port</c> (<paramref name="defaultPort"/> when a node names none).</summary>
    /// <exception cref="FormatException">A node is not a host name or address with an optional port from 1 to 65535.</exception>
    public static IReadOnlyList<string> Parse(string? nodes, int defaultPort)
    {
        if (string.IsNullOrWhiteSpace(nodes)) return [];
        var parsed = new List<string>();
        foreach (var node in nodes.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = node.LastIndexOf(':');
            var host = colon < 0 ? node : node[..colon];
            var port = defaultPort;
            if (colon >= 0 && !(int.TryParse(node[(colon + 1)..], out port) && port is > 0 and <= 65535))
                throw new FormatException($"{Setting}: '{node}' has no valid port (1 to 65535)");
            if (Uri.CheckHostName(host) is UriHostNameType.Unknown || host.Contains(':'))
                throw new FormatException($"{Setting}: '{node}' is not host or host:port");
            parsed.Add($"{host}:{port}");
        }
        return parsed;
    }
}
