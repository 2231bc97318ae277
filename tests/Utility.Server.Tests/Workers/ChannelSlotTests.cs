namespace ComputeUtility.Server.Tests.Workers;

public sealed class ChannelSlotTests
{
    [Fact]
    [Requirement("CU-CHAN-4")]
    public async Task CU_CHAN_4_a_channel_that_takes_over_sends_only_once_the_one_it_replaced_has_stopped_sending()
    {
        var slot = new ChannelSlot();
        var first = slot.TakeOver();
        await first.WaitForPredecessorAsync();

        var second = slot.TakeOver();
        var waiting = second.WaitForPredecessorAsync();

        first.IsTakenOver.Should().BeTrue();
        waiting.IsCompleted.Should().BeFalse();
        first.SendStopped();
        await waiting;
        slot.IsOpen.Should().BeTrue();
    }

    [Fact]
    [Requirement("CU-CHAN-4")]
    public async Task CU_CHAN_4_takeovers_in_a_row_hand_over_in_order_even_when_one_is_released_without_having_run()
    {
        var slot = new ChannelSlot();
        var first = slot.TakeOver();
        var second = slot.TakeOver();
        var third = slot.TakeOver();
        var thirdWaits = third.WaitForPredecessorAsync();

        second.IsTakenOver.Should().BeTrue();
        slot.Release(second);
        thirdWaits.IsCompleted.Should().BeFalse("the second lease never ran, but the first, which it took over, still sends");

        slot.Release(first);
        await thirdWaits;
        slot.IsOpen.Should().BeTrue("the third lease holds the slot");
        slot.Release(third);
        slot.IsOpen.Should().BeFalse();
    }

    [Fact]
    [Requirement("CU-CHAN-4")]
    public async Task CU_CHAN_4_a_channel_that_claims_the_slot_after_a_newer_one_is_taken_over_from_the_start()
    {
        var slot = new ChannelSlot();
        var older = slot.Reserve();
        var newer = slot.Reserve();

        var newest = slot.TakeOver(newer);
        var late = slot.TakeOver(older);
        await newest.WaitForPredecessorAsync();

        late.IsTakenOver.Should().BeTrue("its handshake began before the newer channel's");
        newest.IsTakenOver.Should().BeFalse("an older channel never takes the slot from a newer one");
        slot.Release(late);
        slot.IsOpen.Should().BeTrue("the newer channel still holds the slot");
    }
}
