namespace FactTracker.Deploy.Tests.Compose;

/// <summary>
/// docker-compose.yml alone, and with docker-compose.cluster.yml, as docker-compose 1.29 reads them (`config` needs no Docker
/// engine). deploy/test.sh installs docker-compose with apt-get when it is missing; without it, these fail saying so.
/// </summary>
public sealed class ComposeTests
{
    private static readonly string[] Default = ["-f", "docker-compose.yml"];
    private static readonly string[] Cluster = ["-f", "docker-compose.yml", "-f", "docker-compose.cluster.yml"];
    private static readonly string[] Applications = ["ingest", "claims", "verification", "publication"];

    private static async Task<Tool.Result> ComposeAsync(params string[] arguments)
    {
        var compose = Tool.Find("docker-compose") ?? throw new InvalidOperationException(
            "docker-compose is not on PATH. Run ./deploy/test.sh, which installs it, or: apt-get install docker-compose");
        // A project name of its own, so no variable or .env of the caller's changes what is read.
        return await Tool.RunAsync(compose, ["--project-name", "facttracker", .. arguments], RepositoryRoot.Path);
    }

    [Fact]
    public async Task Both_setups_are_valid_compose_files()
    {
        foreach (var files in new[] { Default, Cluster })
        {
            var result = await ComposeAsync([.. files, "config", "-q"]);
            Assert.True(result.ExitCode == 0, $"docker-compose {string.Join(' ', files)} config -q: {result.Errors}");
        }
    }

    [Fact]
    public async Task An_invalid_compose_file_is_rejected()
    {
        var directory = Directory.CreateTempSubdirectory("facttracker-compose-");
        try
        {
            var file = Path.Combine(directory.FullName, "docker-compose.cluster.yml");
            var text = await File.ReadAllTextAsync(RepositoryRoot.File("docker-compose.cluster.yml"));
            Assert.Contains("      - \"5201:5101\"", text);
            await File.WriteAllTextAsync(file, text.Replace("      - \"5201:5101\"", "      - 5201:5101:tcp:extra"));

            var result = await ComposeAsync("-f", "docker-compose.yml", "-f", file, "config", "-q");

            Assert.NotEqual(0, result.ExitCode);
            Assert.Contains("services.ingest-2.ports contains an invalid type", result.Errors);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task The_cluster_adds_two_broker_nodes_and_a_second_replica_of_each_service()
    {
        var single = await ComposeAsync([.. Default, "config", "--services"]);
        var cluster = await ComposeAsync([.. Cluster, "config", "--services"]);

        Assert.Equal(["claims", "ingest", "postgres", "publication", "rabbitmq", "verification"], Lines(single.Output).Order());
        Assert.Equal(Lines(single.Output).Concat(["rabbitmq-1", "rabbitmq-2"]).Concat(Applications.Select(a => $"{a}-2")).Order(),
            Lines(cluster.Output).Order());
    }

    [Fact]
    public async Task In_the_cluster_every_service_knows_the_three_nodes_and_the_default_setup_is_unchanged()
    {
        var single = (await ComposeAsync([.. Default, "config"])).Output;
        var cluster = (await ComposeAsync([.. Cluster, "config"])).Output;

        Assert.DoesNotContain("RabbitMq__Nodes", single);
        Assert.DoesNotContain("RABBITMQ_ERLANG_COOKIE", single);
        // Eight services (two replicas of four), each with the nodes; three broker nodes sharing one cookie.
        Assert.Equal(8, Lines(cluster).Count(l => l.Trim() == "RabbitMq__Nodes: rabbitmq:5672,rabbitmq-1:5672,rabbitmq-2:5672"));
        Assert.Equal(3, Lines(cluster).Select(l => l.Trim()).Count(l => l.StartsWith("RABBITMQ_ERLANG_COOKIE: ", StringComparison.Ordinal)));
        Assert.Single(Lines(cluster).Select(l => l.Trim()).Where(l => l.StartsWith("RABBITMQ_ERLANG_COOKIE: ", StringComparison.Ordinal)).Distinct());
        // Each node names itself as the peer discovery list names it.
        var peers = await File.ReadAllTextAsync(RepositoryRoot.File("deploy", "compose", "rabbitmq-cluster.conf"));
        Assert.Contains("cluster_formation.peer_discovery_backend = classic_config", peers);
        foreach (var node in new[] { "rabbit@rabbitmq", "rabbit@rabbitmq-1", "rabbit@rabbitmq-2" })
        {
            Assert.Contains($"RABBITMQ_NODENAME: {node}\n", cluster);
            Assert.Contains($" = {node}\n", peers);
        }
    }

    private static List<string> Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
}
