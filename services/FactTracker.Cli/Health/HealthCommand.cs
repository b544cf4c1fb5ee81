using System.CommandLine;
using System.Diagnostics;
using System.Net;

namespace FactTracker.Cli.Health;

public static class HealthCommand
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MaxProbe = TimeSpan.FromSeconds(5);

    public static Command Create()
    {
        var urls = new Argument<string[]>("url")
        {
            Description = "Base URLs of services, e.g. http://127.0.0.1:5101",
            Arity = ArgumentArity.OneOrMore,
        };
        urls.Validators.Add(r =>
        {
            foreach (var url in r.GetValueOrDefault<string[]>() ?? [])
                if (ServiceCalls.ParseBaseUrl(url) is null) r.AddError($"'{url}' is not an absolute http(s) URL");
        });
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for every service", DefaultValueFactory = _ => 120, HelpName = "seconds" };
        timeout.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() <= 0) r.AddError("--timeout must be a positive number of seconds");
        });

        var command = new Command("health", "Wait until each service answers 200 on /health/ready.") { urls, timeout };
        command.SetAction((result, ct) => RunAsync(
            result.GetRequiredValue(urls).Select(u => u.Trim().TrimEnd('/')).ToArray(),
            TimeSpan.FromSeconds(result.GetValue(timeout)),
            ct));
        return command;
    }

    private static async Task<int> RunAsync(string[] services, TimeSpan timeout, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var outcomes = await Task.WhenAll(services.Select(s => WaitAsync(s, timeout, clock, ct)));
        var notReady = services.Zip(outcomes).Where(x => x.Second is not null).ToList();
        foreach (var (service, problem) in notReady)
            Console.Error.WriteLine($"not ready  {service} after {timeout.TotalSeconds:0} s: {problem}");
        return notReady.Count == 0 ? 0 : 1;
    }

    /// <summary>Polls until the service is ready (null) or the deadline passes (what was last wrong).</summary>
    private static async Task<string?> WaitAsync(string service, TimeSpan timeout, Stopwatch clock, CancellationToken ct)
    {
        var ready = new Uri(ServiceCalls.ParseBaseUrl(service)!, "health/ready");
        var problem = "no answer";
        while (true)
        {
            using var probe = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var remaining = timeout - clock.Elapsed;
            probe.CancelAfter(remaining < MaxProbe && remaining > TimeSpan.Zero ? remaining : MaxProbe);
            try
            {
                using var response = await ServiceCalls.Client.GetAsync(ready, probe.Token);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    Console.WriteLine($"ready      {service} ({clock.Elapsed.TotalSeconds:0.0} s)");
                    return null;
                }
                problem = $"{(int)response.StatusCode} {response.ReasonPhrase}";
            }
            catch (Exception e) when (ServiceCalls.IsUnreachable(e, ct))
            {
                problem = ServiceCalls.Describe(e);
            }
            if (clock.Elapsed >= timeout) return problem;
            await Task.Delay(PollInterval, ct);
        }
    }
}
