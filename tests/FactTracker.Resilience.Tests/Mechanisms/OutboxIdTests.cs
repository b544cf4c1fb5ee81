using FactTracker.ServiceDefaults;

namespace FactTracker.Resilience.Tests.Mechanisms;

/// <summary>The relay publishes in id order, so ids must sort in the order the messages were written.</summary>
public sealed class OutboxIdTests
{
    [Fact]
    public void Ids_made_one_after_another_sort_in_that_order_as_PostgreSQL_compares_them()
    {
        // Far more than one millisecond holds, so the counter and its overflow into the next millisecond are both used.
        var ids = Enumerable.Range(0, 20_000).Select(_ => OutboxMessage.NextId()).ToList();

        // PostgreSQL orders uuids by their bytes in RFC order.
        var bytes = ids.Select(id => id.ToByteArray(bigEndian: true)).ToList();
        for (var i = 1; i < bytes.Count; i++)
            Assert.True(bytes[i - 1].AsSpan().SequenceCompareTo(bytes[i]) < 0, $"id {i} sorts before id {i - 1}");
        Assert.All(ids, id => Assert.Equal(7, id.Version));
        Assert.All(ids, id => Assert.Equal(0x8, id.Variant & 0xC));
    }

    [Fact]
    public void An_id_carries_the_time_it_was_made()
    {
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var id = OutboxMessage.NextId();
        var milliseconds = System.Buffers.Binary.BinaryPrimitives.ReadInt64BigEndian(id.ToByteArray(bigEndian: true)) >>> 16;
        // At or after the clock (a burst may have borrowed a millisecond or two ahead), never before it.
        Assert.InRange(milliseconds, before, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 50);
    }
}
