using FactTracker.Testing;
using System.Text.Json;
using FactTracker.Cli.Extract;

namespace FactTracker.Extraction.Tests;

/// <summary>`facttracker extract`: the same engine offline, as JSON lines or a table.</summary>
public sealed class ExtractCommandTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("facttracker-extract-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static readonly FileInfo Seed = new(RepositoryRoot.File("seeds", "kazakhstan-unrest-2022-01-06.txt"));

    private static (int Code, string Output, string Errors) Run(string format, params FileInfo[] files)
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();
        var code = ExtractCommand.Run(files, format, output, errors);
        return (code, output.ToString(), errors.ToString());
    }

    [Fact]
    public void Jsonl_prints_one_object_per_claim_with_exactly_the_listed_fields()
    {
        var (code, output, errors) = Run(ExtractCommand.Jsonl, Seed);

        Assert.Equal(0, code);
        Assert.Empty(errors);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(8, lines.Length);
        var text = File.ReadAllText(Seed.FullName);
        foreach (var line in lines)
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            Assert.Equal(["file", "metric", "subject", "kind", "low", "high", "quote", "start", "end", "source"], root.EnumerateObject().Select(p => p.Name));
            Assert.Equal(Seed.ToString(), root.GetProperty("file").GetString());
            var (start, end) = (root.GetProperty("start").GetInt32(), root.GetProperty("end").GetInt32());
            Assert.Equal(text[start..end], root.GetProperty("quote").GetString());
        }

        using var heading = JsonDocument.Parse(lines[2]);
        Assert.Equal("""{"file":"X","metric":"injured","subject":"people","kind":"at_least","low":700,"high":null,"quote":"More than 700 injured","start":1996,"end":2017,"source":null}""",
            lines[2].Replace(JsonSerializer.Serialize(Seed.ToString()), "\"X\""));
        Assert.Contains("\"quote\":\"“dozens” of demonstrators killed\"", lines[7]);
    }

    [Fact]
    public void Table_prints_the_same_claims_for_people_to_read()
    {
        var (code, output, _) = Run(ExtractCommand.Table, Seed);

        Assert.Equal(0, code);
        var lines = output.TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.StartsWith("FILE", lines[0]);
        foreach (var column in new[] { "METRIC", "SUBJECT", "KIND", "LOW", "HIGH", "START", "END", "SOURCE", "QUOTE" })
            Assert.Contains(column, lines[0]);
        Assert.Equal(10, lines.Length);
        Assert.Contains("security-forces", lines[4]);
        Assert.Contains("local authorities", lines[4]);
        Assert.EndsWith("18 members of the security forces were killed", lines[4]);
        Assert.Equal("8 claims", lines[^1]);
    }

    [Fact]
    public void Several_files_are_read_in_turn_and_one_that_cannot_be_read_does_not_stop_the_others()
    {
        var other = new FileInfo(Path.Combine(directory, "update.txt"));
        File.WriteAllText(other.FullName, "Police said 12 people were arrested.");
        var gone = new FileInfo(Path.Combine(directory, "gone.txt"));

        var (code, output, errors) = Run(ExtractCommand.Jsonl, other, gone, Seed);

        Assert.Equal(1, code);
        Assert.Contains("cannot read", errors);
        var files = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("file").GetString()).ToList();
        Assert.Equal(9, files.Count);
        Assert.Equal(other.ToString(), files[0]);
        Assert.Contains("\"source\":\"Police\"", output.Split('\n')[0]);
    }

    [Fact]
    public void A_file_with_no_figures_prints_nothing()
    {
        var quiet = new FileInfo(Path.Combine(directory, "quiet.txt"));
        File.WriteAllText(quiet.FullName, "The curfew runs from 11 p.m. to 7 a.m. on 6 January 2022.");

        var (code, output, errors) = Run(ExtractCommand.Jsonl, quiet);

        Assert.Equal((0, "", ""), (code, output, errors));
    }

    [Theory]
    [InlineData("extract")]
    [InlineData("extract --format xml seeds/kazakhstan-unrest-2022-01-06.txt")]
    [InlineData("extract no-such-file.txt")]
    public void The_command_line_is_checked_before_anything_runs(string args)
    {
        var result = ExtractCommand.Create().Parse(args.Split(' ')[1..]);
        Assert.NotEmpty(result.Errors);
    }
}
