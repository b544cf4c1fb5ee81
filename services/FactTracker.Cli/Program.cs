using System.CommandLine;
using FactTracker.Cli.Extract;
using FactTracker.Cli.Approve;
using FactTracker.Cli.Figures;
using FactTracker.Cli.Health;
using FactTracker.Cli.Listen;
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
};

return await root.Parse(args).InvokeAsync();
