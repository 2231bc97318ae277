namespace ComputeUtility.Discovery.Tests.Browsing;

/// <summary>RFC 6762 §7.2: known answers that do not fit one query packet continue in packets with TC set.</summary>
public sealed class KnownAnswerPacketsTests
{
    private static readonly DomainName Type = MdnsConstants.ServiceType(MdnsConstants.Local);

    [Fact]
    public void A_query_that_fits_goes_out_as_one_packet_without_tc()
    {
        var query = MdnsPacket.Query([new MdnsQuestion(Type, RecordType.Ptr)], Known(5));

        var packets = KnownAnswerPackets.Split(query, MdnsConstants.QueryPacketBytes);

        packets.Should().ContainSingle().Which.Should().BeEquivalentTo(query);
    }

    [Fact]
    public void Known_answers_beyond_one_packet_continue_in_packets_with_tc_on_all_but_the_last()
    {
        var known = Known(200);
        var query = MdnsPacket.Query([new MdnsQuestion(Type, RecordType.Ptr)], known);

        var packets = KnownAnswerPackets.Split(query, MdnsConstants.QueryPacketBytes);

        packets.Count.Should().BeGreaterThan(2);
        packets[0].Questions.Should().ContainSingle();
        packets.Skip(1).Should().AllSatisfy(p => p.Questions.Should().BeEmpty());
        packets.SkipLast(1).Should().AllSatisfy(p => p.IsTruncated.Should().BeTrue());
        packets[^1].IsTruncated.Should().BeFalse();
        var buffer = new byte[MdnsConstants.MaxPacketBytes];
        packets.Should().AllSatisfy(p => MdnsPacketWriter.Write(p, buffer).Should().BeLessThanOrEqualTo(MdnsConstants.QueryPacketBytes));
        packets.SelectMany(p => p.Answers).Should().Equal(known, "every known answer is sent once, in order");
    }

    private static List<MdnsRecord> Known(int count) =>
        Enumerable.Range(0, count)
            .Select(i => MdnsRecord.Pointer(Type, new DomainName([$"a rather long instance name number {i}", .. MdnsConstants.ServiceTypeLabels, "local"]), 4500))
            .ToList();
}
