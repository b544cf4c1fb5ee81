using System.Diagnostics;

namespace FactTracker.Benchmarks.Suite;

/// <summary>
/// CPU time of the processes that do the work, read from /proc: each service, PostgreSQL (its live processes, and through
/// the postmaster's reaped-children time those that ended), RabbitMQ, and this process (the load clients and the webhook
/// receiver). Where a figure misses a ratio goal, this says what each unit of work costs the machine, and where.
/// </summary>
public sealed class CpuMeter(IReadOnlyList<(string Name, int Pid)> services)
{
    public const string Postgres = "PostgreSQL";
    public const string RabbitMq = "RabbitMQ";
    public const string Bench = "bench";
    private static readonly string[] BrokerCommands = ["beam.smp", "erl_child_setup", "epmd", "inet_gethost"];
    // /proc counts in USER_HZ, which Linux fixes at 100 for user space on every architecture.
    private const double TicksPerSecond = 100;

    public static bool Available => Directory.Exists("/proc/self");

    public CpuReading Read()
    {
        var seconds = new Dictionary<string, double>();
        foreach (var (name, pid) in services) seconds[name] = Stat(pid)?.Own ?? 0;
        seconds[Bench] = Stat(Environment.ProcessId)?.Own ?? 0;
        double postgres = 0, broker = 0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid)) continue;
            var stat = Stat(pid);
            if (stat is null) continue;
            // Reaped children count only for the postmaster (a backend has none), so ended backends are not lost.
            if (stat.Value.Command == "postgres") postgres += stat.Value.Own + stat.Value.Children;
            else if (BrokerCommands.Contains(stat.Value.Command)) broker += stat.Value.Own + stat.Value.Children;
        }
        seconds[Postgres] = postgres;
        seconds[RabbitMq] = broker;
        return new CpuReading(Stopwatch.GetTimestamp(), seconds);
    }

    /// <summary>Own and reaped children's user+system seconds of one process, or null if it is gone.</summary>
    private static (string Command, double Own, double Children)? Stat(int pid)
    {
        string text;
        try { text = File.ReadAllText($"/proc/{pid}/stat"); }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
        // "pid (comm) state ..." where comm may hold spaces and parentheses: fields follow the last ')'.
        var open = text.IndexOf('(');
        var close = text.LastIndexOf(')');
        if (open < 0 || close < open) return null;
        var fields = text[(close + 2)..].Split(' ');
        if (fields.Length < 15) return null;
        double Field(int n) => double.Parse(fields[n - 3], System.Globalization.CultureInfo.InvariantCulture); // n as in proc(5)
        return (text[(open + 1)..close], (Field(14) + Field(15)) / TicksPerSecond, (Field(16) + Field(17)) / TicksPerSecond);
    }
}

public sealed record CpuReading(long At, IReadOnlyDictionary<string, double> Seconds)
{
    /// <summary>Milliseconds of CPU per unit of work done between this reading and <paramref name="later"/>, by process.</summary>
    public CpuCost PerUnit(CpuReading later, double units) =>
        new(Seconds.ToDictionary(s => s.Key, s => units > 0 ? Math.Max(0, later.Seconds[s.Key] - s.Value) * 1000 / units : 0));
}

/// <summary>Milliseconds of CPU per unit of work, by process.</summary>
public sealed record CpuCost(IReadOnlyDictionary<string, double> Milliseconds)
{
    public const string Section = "CPU per unit of work (ms, all processes; by process in the note)";

    /// <summary>The rounds' CPU per unit summed over the processes (split in the note), beside a unit of the baseline; null without rounds.</summary>
    public static Row? Row(string figure, IReadOnlyList<CpuCost> costs, string? baselineName = null, IReadOnlyList<CpuCost>? baseline = null)
    {
        if (costs.Count == 0) return null;
        var (total, split) = Summarise(costs);
        var baselineTotal = baseline is { Count: > 0 } ? Summarise(baseline).Total : null;
        return new Row(Section, figure, "ms", total, baselineTotal is null ? null : baselineName, baselineTotal, Goal.None, split);
    }

    public double Total => Milliseconds.Values.Sum();

    /// <summary>The rounds' total as a sample, and each process's median share, largest first (under 2% of the total left out).</summary>
    public static (Sample Total, string Split) Summarise(IReadOnlyList<CpuCost> rounds)
    {
        var total = Sample.Of(rounds.Select(r => r.Total));
        return (total, string.Join(", ", rounds[0].Milliseconds.Keys
            .Select(k => (Name: k, Median: Sample.Of(rounds.Select(r => r.Milliseconds[k])).Median))
            .Where(x => x.Median >= 0.02 * total.Median)
            .OrderByDescending(x => x.Median)
            .Select(x => $"{x.Name} {Report.Format(x.Median)}")));
    }
}

public static class CpuMeterExtensions
{
    /// <summary>Runs a round that returns its rate (units per second) and adds its CPU per unit to <paramref name="costs"/>.</summary>
    public static async Task<double> RateAsync(this CpuMeter? meter, List<CpuCost> costs, Func<Task<double>> round)
    {
        if (meter is null) return await round();
        var before = meter.Read();
        var rate = await round();
        var after = meter.Read();
        costs.Add(before.PerUnit(after, rate * Stopwatch.GetElapsedTime(before.At, after.At).TotalSeconds));
        return rate;
    }

    /// <summary>Runs a round that does <paramref name="units"/> units of work and adds its CPU per unit to <paramref name="costs"/>.</summary>
    public static async Task CountAsync(this CpuMeter? meter, List<CpuCost> costs, double units, Func<Task> round)
    {
        var before = meter?.Read();
        await round();
        if (before is not null) costs.Add(before.PerUnit(meter!.Read(), units));
    }
}
