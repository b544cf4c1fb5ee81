using System.Text.Json;
using System.Text.RegularExpressions;

namespace FactTracker.Deploy.Tests.Kubernetes;

/// <summary>
/// deploy/k8s, checked offline: every object against Kubernetes' schemas (kubernetes-models), and what running the services
/// needs from them: probes on the health endpoints, resources, a non-root user, and a Service and an autoscaler per Deployment.
/// </summary>
public sealed class ManifestTests
{
    private static readonly string Directory = RepositoryRoot.File("deploy", "k8s");
    private static readonly string[] Services = ["ingest", "claims", "verification", "publication"];

    private static IEnumerable<string> ManifestFiles() => System.IO.Directory.GetFiles(Directory, "*.yaml").Order(StringComparer.Ordinal);

    // Node.js takes seconds to load the schemas: the repository's manifests are validated once for all tests here.
    private static readonly Lazy<Task<IReadOnlyList<ManifestDocument>>> All = new(() => ManifestValidator.ValidateAsync(ManifestFiles()));

    private static Task<IReadOnlyList<ManifestDocument>> AllAsync() => All.Value;

    private static IEnumerable<ManifestDocument> OfKind(IEnumerable<ManifestDocument> documents, string kind) => documents.Where(d => d.Kind == kind);

    [Fact]
    public async Task Every_object_is_valid_against_the_kubernetes_schemas()
    {
        var documents = await AllAsync();

        Assert.All(documents, d => Assert.True(d.Errors.Count == 0, $"{d}: {string.Join("; ", d.Errors)}"));
        var kinds = documents.Where(d => d.File != "kustomization.yaml").GroupBy(d => $"{d.ApiVersion} {d.Kind}").ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(new Dictionary<string, int>
        {
            ["v1 Namespace"] = 1,
            ["v1 ConfigMap"] = 1,
            ["v1 Secret"] = 1,
            ["apps/v1 Deployment"] = 4,
            ["v1 Service"] = 4,
            ["autoscaling/v2 HorizontalPodAutoscaler"] = 4,
        }, kinds);
        Assert.Equal(Services.Order(), OfKind(documents, "Deployment").Select(d => d.Name!).Order());
    }

    [Theory]
    [InlineData("replicas: 2", "replicas: \"two\"", "/spec/replicas must be integer")]
    [InlineData("containerPort: 5101", "containerPort: \"5101\"", "/spec/template/spec/containers/0/ports/0/containerPort must be integer")]
    [InlineData("    kind: Deployment\n    name: ingest\n", "    kind: Deployment\n", "/spec/scaleTargetRef must have required property name")]
    public async Task A_broken_manifest_is_rejected_with_the_field_it_breaks(string find, string replace, string error)
    {
        var broken = System.IO.Directory.CreateTempSubdirectory("facttracker-k8s-");
        try
        {
            var text = await File.ReadAllTextAsync(Path.Combine(Directory, "ingest.yaml"));
            Assert.Contains(find, text);
            var file = Path.Combine(broken.FullName, "ingest.yaml");
            await File.WriteAllTextAsync(file, text.Replace(find, replace));

            var documents = await ManifestValidator.ValidateAsync([file]);

            var failed = Assert.Single(documents, d => d.Errors.Count > 0);
            Assert.Contains(error, failed.Errors);
        }
        finally
        {
            broken.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Every_deployment_probes_the_health_endpoints_asks_for_resources_and_runs_as_non_root()
    {
        var documents = await AllAsync();
        var config = OfKind(documents, "ConfigMap").Single().Name;
        var secret = OfKind(documents, "Secret").Single().Name;

        foreach (var deployment in OfKind(documents, "Deployment"))
        {
            var spec = deployment.Object.GetProperty("spec");
            Assert.Equal(2, spec.GetProperty("replicas").GetInt32());
            var pod = spec.GetProperty("template").GetProperty("spec");
            Assert.True(pod.GetProperty("securityContext").GetProperty("runAsNonRoot").GetBoolean(), $"{deployment.Name}: runAsNonRoot");
            var container = Assert.Single(pod.GetProperty("containers").EnumerateArray());
            var ports = container.GetProperty("ports").EnumerateArray().ToList();

            foreach (var (probe, path) in new[] { ("readinessProbe", "/health/ready"), ("livenessProbe", "/health/live") })
            {
                Assert.True(container.TryGetProperty(probe, out var p), $"{deployment.Name} has no {probe}");
                var get = p.GetProperty("httpGet");
                Assert.Equal(path, get.GetProperty("path").GetString());
                Assert.True(NamesPort(ports, get.GetProperty("port")), $"{deployment.Name}: {probe} is not on a port of the container");
            }

            var resources = container.GetProperty("resources");
            foreach (var section in new[] { "requests", "limits" })
            foreach (var resource in new[] { "cpu", "memory" })
                Assert.True(resources.TryGetProperty(section, out var s) && s.TryGetProperty(resource, out _), $"{deployment.Name}: no {section}.{resource}");

            var security = container.GetProperty("securityContext");
            Assert.False(security.GetProperty("allowPrivilegeEscalation").GetBoolean(), $"{deployment.Name}: allowPrivilegeEscalation");

            // Settings come from the ConfigMap and the Secret defined here.
            var sources = container.GetProperty("envFrom").EnumerateArray()
                .Select(e => e.TryGetProperty("configMapRef", out var c) ? ("ConfigMap", c.GetProperty("name").GetString())
                    : ("Secret", e.GetProperty("secretRef").GetProperty("name").GetString())).ToList();
            Assert.Equal([("ConfigMap", config), ("Secret", secret)], sources);
        }
    }

    [Fact]
    public async Task Every_deployment_has_a_service_that_selects_its_pods_and_an_autoscaler_that_scales_it()
    {
        var documents = await AllAsync();

        foreach (var deployment in OfKind(documents, "Deployment"))
        {
            var template = deployment.Object.GetProperty("spec").GetProperty("template");
            var labels = Labels(template.GetProperty("metadata").GetProperty("labels"));
            var ports = template.GetProperty("spec").GetProperty("containers")[0].GetProperty("ports").EnumerateArray().ToList();

            var service = Assert.Single(OfKind(documents, "Service"), s =>
                Labels(s.Object.GetProperty("spec").GetProperty("selector")).All(l => labels.TryGetValue(l.Key, out var v) && v == l.Value));
            Assert.Equal(deployment.Name, service.Name);
            Assert.All(service.Object.GetProperty("spec").GetProperty("ports").EnumerateArray(),
                p => Assert.True(NamesPort(ports, p.GetProperty("targetPort")), $"{service.Name}: targetPort is not a port of {deployment.Name}"));

            var autoscaler = Assert.Single(OfKind(documents, "HorizontalPodAutoscaler"), h =>
                h.Object.GetProperty("spec").GetProperty("scaleTargetRef") is var target
                && target.GetProperty("kind").GetString() == "Deployment" && target.GetProperty("name").GetString() == deployment.Name);
            var spec = autoscaler.Object.GetProperty("spec");
            Assert.True(spec.GetProperty("minReplicas").GetInt32() >= 2, $"{autoscaler.Name}: fewer than two replicas");
            Assert.True(spec.GetProperty("maxReplicas").GetInt32() > spec.GetProperty("minReplicas").GetInt32());
            var metric = Assert.Single(spec.GetProperty("metrics").EnumerateArray());
            Assert.Equal("cpu", metric.GetProperty("resource").GetProperty("name").GetString());
            Assert.Equal("Utilization", metric.GetProperty("resource").GetProperty("target").GetProperty("type").GetString());
        }
    }

    [Fact]
    public async Task Each_container_listens_on_the_port_its_image_exposes()
    {
        var documents = await AllAsync();

        foreach (var deployment in OfKind(documents, "Deployment"))
        {
            var project = "FactTracker." + char.ToUpperInvariant(deployment.Name![0]) + deployment.Name[1..];
            var dockerfile = await File.ReadAllTextAsync(RepositoryRoot.File("services", project, "Dockerfile"));
            var exposed = int.Parse(Regex.Match(dockerfile, @"^EXPOSE (\d+)", RegexOptions.Multiline).Groups[1].Value);
            var container = deployment.Object.GetProperty("spec").GetProperty("template").GetProperty("spec").GetProperty("containers")[0];

            Assert.Equal(exposed, container.GetProperty("ports")[0].GetProperty("containerPort").GetInt32());
            var urls = container.GetProperty("env").EnumerateArray().Single(e => e.GetProperty("name").GetString() == "ASPNETCORE_URLS");
            Assert.Equal($"http://0.0.0.0:{exposed}", urls.GetProperty("value").GetString());
        }
    }

    [Fact]
    public async Task The_kustomization_lists_every_manifest_and_the_secret_is_a_marked_placeholder()
    {
        var documents = await AllAsync();

        var kustomization = Assert.Single(documents, d => d.File == "kustomization.yaml").Object;
        Assert.Equal("facttracker", kustomization.GetProperty("namespace").GetString());
        Assert.Equal(OfKind(documents, "Namespace").Single().Name, kustomization.GetProperty("namespace").GetString());
        var listed = kustomization.GetProperty("resources").EnumerateArray().Select(r => r.GetString()!).Order(StringComparer.Ordinal);
        var files = ManifestFiles().Select(f => Path.GetFileName(f)).Where(f => f != "kustomization.yaml").Order(StringComparer.Ordinal);
        Assert.Equal(files, listed);
        var images = OfKind(documents, "Deployment")
            .Select(d => d.Object.GetProperty("spec").GetProperty("template").GetProperty("spec").GetProperty("containers")[0].GetProperty("image").GetString()!.Split(':')[0]);
        Assert.Equal(images.Order(), kustomization.GetProperty("images").EnumerateArray().Select(i => i.GetProperty("name").GetString()!).Order());

        var secret = OfKind(documents, "Secret").Single().Object.GetProperty("stringData");
        Assert.Equal(["ConnectionStrings__postgres", "ConnectionStrings__rabbitmq"], secret.EnumerateObject().Select(p => p.Name).Order());
        Assert.All(secret.EnumerateObject(), p => Assert.Contains("REPLACE", p.Value.GetString()));
    }

    private static Dictionary<string, string> Labels(JsonElement labels) =>
        labels.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);

    /// <summary>Whether a probe's or a Service's port (a number or a name) is one of the container's ports.</summary>
    private static bool NamesPort(List<JsonElement> ports, JsonElement port) => port.ValueKind == JsonValueKind.Number
        ? ports.Any(p => p.GetProperty("containerPort").GetInt32() == port.GetInt32())
        : ports.Any(p => p.TryGetProperty("name", out var name) && name.GetString() == port.GetString());
}
