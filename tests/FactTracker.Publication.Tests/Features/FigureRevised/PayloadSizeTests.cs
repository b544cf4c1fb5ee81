using System.Text;
using System.Text.Json;
using FactTracker.Publication.Features.FigureRevised;
using FactTracker.Publication.Figures;
using FactTracker.Publication.Subscriptions;
using static FactTracker.Publication.Tests.PublicationFixture;

namespace FactTracker.Publication.Tests.Features.FigureRevised;

public sealed class PayloadSizeTests
{
    [Fact]
    public void A_revision_with_huge_texts_is_cut_to_stay_under_20_kB_and_says_so()
    {
        var huge = new string('q', 30_000);
        var revised = new FigureTimeline(NewStory()).Approve(Exact(5), source: new string('s', 9_000), reason: huge) with { Quote = huge };

        var body = RevisionRecorder.Payload("figure.revised", RevisionPublished.From(revised, DateTimeOffset.UtcNow));

        Assert.True(Encoding.UTF8.GetByteCount(body) < Fanout.MaxBodyBytes, $"{Encoding.UTF8.GetByteCount(body)} bytes");
        var data = JsonDocument.Parse(body).RootElement.GetProperty("data");
        Assert.True(data.GetProperty("truncated").GetBoolean());
        Assert.StartsWith("qqq", data.GetProperty("quote").GetString());
        Assert.Equal(revised.FigureId, data.GetProperty("figureId").GetString());
    }

    [Fact]
    public void An_ordinary_revision_is_sent_whole()
    {
        var revised = Revision(NewStory(), Exact(748));

        var data = JsonDocument.Parse(RevisionRecorder.Payload("figure.revised", RevisionPublished.From(revised, DateTimeOffset.UtcNow)))
            .RootElement.GetProperty("data");

        Assert.False(data.GetProperty("truncated").GetBoolean());
        Assert.Equal(revised.Quote, data.GetProperty("quote").GetString());
    }
}
