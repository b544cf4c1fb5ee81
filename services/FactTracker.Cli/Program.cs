using System.CommandLine;
using FactTracker.Cli.Admin;
using FactTracker.Cli.Extract;
using FactTracker.Cli.Approve;
using FactTracker.Cli.Figures;
using FactTracker.Cli.Health;
using FactTracker.Cli.Listen;
using FactTracker.Cli;
using FactTracker.Cli.Keys;
using FactTracker.Cli.Queue;
using FactTracker.Cli.Replay;

var root = new RootCommand("FactTracker: replay a story's updates, watch the review queue, wait for services, extract claims from text, receive webhooks.")
{
    ReplayCommand.Create(),
    QueueCommand.Create(),
    HealthCommand.Create(),
    ExtractCommand.Create(),
    ApproveCommand.Create(),
    FiguresCommand.Create(),
    ListenCommand.Create(),
    KeysCommand.Create(),
    ErrorsCommand.Create(),
};
// Every call to a service sends this key (keys commands send their --admin-key instead).
var key = new Option<string?>("--key")
{
    Description = "Your API key (default: $FACTTRACKER_KEY)",
    Recursive = true,
    HelpName = "key",
};
root.Options.Add(key);

var parsed = root.Parse(args);
ServiceCalls.Key = parsed.GetValue(key) ?? Environment.GetEnvironmentVariable("FACTTRACKER_KEY");
return await parsed.InvokeAsync();
