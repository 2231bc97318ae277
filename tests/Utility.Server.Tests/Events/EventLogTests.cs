using ComputeUtility.Server.Events;

namespace ComputeUtility.Server.Tests.Events;

public sealed class EventLogTests
{
    private static ReadOnlyMemory<byte> Json(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public void Events_get_contiguous_ids_starting_at_one()
    {
        var log = new EventLog(8, 1024);

        var ids = Enumerable.Range(0, 3).Select(i => log.Append("message", Json(i.ToString(System.Globalization.CultureInfo.InvariantCulture)))).ToArray();

        ids.Should().Equal(1, 2, 3);
    }

    [Fact]
    public void A_log_starts_small_grows_as_events_are_kept_and_still_keeps_exactly_its_count_limit()
    {
        var log = new EventLog(100, 1 << 20);
        var fresh = log.RingBytes;
        for (var i = 1; i <= 150; i++)
        {
            log.Append("message", Json(i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        var batch = new List<ChannelEvent>();
        var (from, to) = log.Read(0, batch, 1_000);

        fresh.Should().BeLessThan(100 * IntPtr.Size, "an idle worker's log does not hold its whole ring");
        (from, to).Should().Be((1L, 50L));
        batch.Select(e => e.Id).Should().Equal(Enumerable.Range(51, 100).Select(i => (long)i));
        batch.Select(e => Encoding.UTF8.GetString(e.Data.Span)).Should().Equal(Enumerable.Range(51, 100).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        log.RingBytes.Should().Be(100 * IntPtr.Size);
    }

    [Fact]
    public void A_reader_behind_the_ring_learns_the_exact_range_it_missed()
    {
        var log = new EventLog(4, 1024);
        for (var i = 0; i < 10; i++)
        {
            log.Append("message", Json("1"));
        }

        var batch = new List<ChannelEvent>();
        var (from, to) = log.Read(2, batch, 100);

        (from, to).Should().Be((3L, 6L));
        batch.Select(e => e.Id).Should().Equal(7, 8, 9, 10);
    }

    [Fact]
    public void The_byte_budget_evicts_the_oldest_events()
    {
        var log = new EventLog(100, 10);
        log.Append("message", Json("12345"));
        log.Append("message", Json("12345"));
        log.Append("message", Json("12345"));

        var batch = new List<ChannelEvent>();
        var (from, to) = log.Read(0, batch, 100);

        (from, to).Should().Be((1L, 1L));
        batch.Select(e => e.Id).Should().Equal(2, 3);
    }

    [Fact]
    public async Task A_producer_waits_while_half_the_buffer_is_unread_and_goes_on_once_it_is_read()
    {
        var log = new EventLog(8, 1024);
        for (var i = 0; i < 5; i++)
        {
            log.Append("message", Json("1"));
        }

        var waiting = log.WaitForRoomAsync(CancellationToken.None);
        waiting.IsCompleted.Should().BeFalse("5 of 8 events are unread");

        log.MarkRead(3);
        await waiting.WaitAsync(TimeSpan.FromSeconds(5));
        waiting.IsCompletedSuccessfully.Should().BeTrue();
    }

    [Fact]
    public async Task A_reader_waiting_for_events_wakes_on_append_and_on_completion()
    {
        var log = new EventLog(8, 1024);

        var forFirst = log.WaitAsync(0, CancellationToken.None);
        log.Append("message", Json("1"));
        await forFirst.WaitAsync(TimeSpan.FromSeconds(5));

        var forSecond = log.WaitAsync(1, CancellationToken.None);
        forSecond.IsCompleted.Should().BeFalse();
        log.Append("exit", Json("{}"), last: true);
        await forSecond.WaitAsync(TimeSpan.FromSeconds(5));
        log.IsCompleted.Should().BeTrue();
        log.Append("message", Json("2")).Should().Be(0, "nothing follows the last event");
    }

    [Fact]
    public void Dropping_read_events_keeps_the_unread_ones_and_tells_a_later_reader_of_the_gap()
    {
        var log = new EventLog(16, 1 << 20);
        for (var i = 0; i < 6; i++)
        {
            log.Append("message", Json("0123456789"));
        }

        log.MarkRead(4);
        var freed = log.DropRead();

        var batch = new List<ChannelEvent>();
        var (from, to) = log.Read(0, batch, 100);
        freed.Should().Be(4 * (10 + EventLog.EventOverheadBytes));
        (from, to).Should().Be((1L, 4L));
        batch.Select(e => e.Id).Should().Equal(5, 6);
        log.RetainedBytes.Should().Be(2 * (10 + EventLog.EventOverheadBytes));
    }

    [Fact]
    [Requirement("CU-CHAN-17", "CU-ERR-4")]
    public void CU_CHAN_17_a_last_event_id_of_2_to_the_63_minus_1_gets_nothing_after_it_instead_of_wrapping_to_the_start()
    {
        var log = new EventLog(8, 1024);
        log.Append("message", Json("1"));
        log.Append("message", Json("2"));

        var batch = new List<ChannelEvent>();
        var gap = log.Read(long.MaxValue, batch, 100);

        batch.Should().BeEmpty("no event has an id greater than 2^63 - 1");
        gap.Should().Be((0L, -1L), "nothing the client asked for was dropped");
    }
}
