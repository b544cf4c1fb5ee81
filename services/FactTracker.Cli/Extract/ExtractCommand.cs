using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using FactTracker.Extraction;

namespace FactTracker.Cli.Extract;

/// <summary>One claim as <c>extract --format jsonl</c> prints it: exactly these fields, bounds null where the kind has none.</summary>
public sealed record ClaimLine(
    string File,
    string Metric,
    string Subject,
    string Kind,
    long? Low,
    long? High,
    string Quote,
    int Start,
    int End,
    string? Source);

public static class ExtractCommand
{
    public const string Jsonl = "jsonl";
    public const string Table = "table";

    // Quotes stay readable (“dozens”, not \u201Cdozens\u201D); the output is JSON lines, never HTML.
    private static readonly JsonSerializerOptions LineJson = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static Command Create()
    {
        var paths = new Argument<FileInfo[]>("path")
        {
            Description = "Text files to read, e.g. seeds/kazakhstan-unrest-2022-01-06.txt",
            Arity = ArgumentArity.OneOrMore,
        };
        paths.AcceptExistingOnly();
        var format = new Option<string>("--format")
        {
            Description = "jsonl: one JSON object per claim; table: aligned columns to read",
            DefaultValueFactory = _ => Jsonl,
            HelpName = "jsonl|table",
        };
        format.AcceptOnlyFromAmong(Jsonl, Table);

        var command = new Command("extract", "Find the casualty figures in newsroom text, offline: the same rules the Claims service uses.")
        {
            paths,
            format,
        };
        command.SetAction(result => Run(result.GetRequiredValue(paths), result.GetValue(format) ?? Jsonl, Console.Out, Console.Error));
        return command;
    }

    /// <summary>Extracts from every file in turn; a file that cannot be read is reported and the others still run (exit code 1).</summary>
    public static int Run(IReadOnlyList<FileInfo> files, string format, TextWriter output, TextWriter errors)
    {
        var failed = false;
        var rows = new List<ClaimLine>();
        foreach (var file in files)
        {
            string text;
            try
            {
                text = File.ReadAllText(file.FullName);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                errors.WriteLine($"cannot read {file}: {e.Message}");
                failed = true;
                continue;
            }
            foreach (var claim in ClaimExtractor.Extract(text))
            {
                var line = new ClaimLine(file.ToString(), claim.Metric, claim.Subject, claim.Value.Kind, claim.Value.Low, claim.Value.High,
                    claim.Quote, claim.Start, claim.End, claim.Source);
                if (format == Table) rows.Add(line);
                else output.WriteLine(JsonSerializer.Serialize(line, LineJson));
            }
        }
        if (format == Table) PrintTable(rows, output);
        return failed ? 1 : 0;
    }

    private static void PrintTable(List<ClaimLine> claims, TextWriter output)
    {
        string[] header = ["FILE", "METRIC", "SUBJECT", "KIND", "LOW", "HIGH", "START", "END", "SOURCE", "QUOTE"];
        var rows = claims.Select(c => new[]
        {
            c.File, c.Metric, c.Subject, c.Kind, $"{c.Low}", $"{c.High}", $"{c.Start}", $"{c.End}",
            ServiceCalls.Shorten(c.Source ?? "", 40), ServiceCalls.Shorten(c.Quote, 200),
        }).ToList();
        var widths = header.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        foreach (var row in rows.Prepend(header))
            output.WriteLine(string.Join("  ", row.Select((cell, i) => i == row.Length - 1 ? cell : cell.PadRight(widths[i]))));
        output.WriteLine($"{claims.Count} claim{(claims.Count == 1 ? "" : "s")}");
    }
}
