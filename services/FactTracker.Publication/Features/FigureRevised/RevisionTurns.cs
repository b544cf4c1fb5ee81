using System.Collections.Concurrent;

namespace FactTracker.Publication.Features.FigureRevised;

/// <summary>
/// Lets a revision that arrives before its predecessor wait, in this process, for the next revision of its figure to be
/// recorded, instead of being refused at once. Messages taken from the queue together reach the consumer in any order;
/// a refused one waits for a retry, and each revision after it is refused in turn until the retries run out.
/// </summary>
public sealed class RevisionTurns
{
    /// <summary>How long a revision waits here for its predecessor before it is refused and retried later.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, TaskCompletionSource> _next = new();

    /// <summary>Completes when a revision of the figure is next recorded. Take it before reading the figure again, so a record in between is not missed.</summary>
    public Task NextRecorded(string figureId) =>
        _next.GetOrAdd(figureId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void Recorded(string figureId)
    {
        if (_next.TryRemove(figureId, out var turn)) turn.TrySetResult();
    }
}
