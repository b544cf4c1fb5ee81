using Marten;

namespace FactTracker.Publication.Figures;

/// <summary>
/// The per-revision views behind asOf and reportedAsOf are written as revisions are published. A database whose figures
/// were published before those views existed has none: they are rebuilt once, from the event store, at start-up.
/// </summary>
public sealed class RevisionViewsBackfill(IDocumentStore store, ILogger<RevisionViewsBackfill> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using (var session = store.QuerySession())
            {
                var published = await session.Query<PublishedFigure>().AnyAsync(stoppingToken);
                var viewed = await session.Query<PublishedRevision>().AnyAsync(stoppingToken);
                if (!published || viewed) return;
            }
            logger.LogWarning("Figures were published before the asOf and reportedAsOf views existed; rebuilding them from the event store");
            using var daemon = await store.BuildProjectionDaemonAsync(logger: logger);
            await daemon.RebuildProjectionAsync(typeof(PublishedRevisionProjection), stoppingToken);
            await daemon.RebuildProjectionAsync(typeof(ReportedRevisionProjection), stoppingToken);
            logger.LogWarning("The asOf and reportedAsOf views are rebuilt");
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "The asOf and reportedAsOf views could not be rebuilt");
        }
    }
}
