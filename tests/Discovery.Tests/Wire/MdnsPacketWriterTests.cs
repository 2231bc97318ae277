namespace ComputeUtility.Discovery.Tests.Wire;

public sealed class MdnsPacketWriterTests
{
    [Fact]
    public void A_response_written_by_us_reads_back_the_same_through_arsoft()
    {
        var ad = new ServiceAdvertisement("Desk (2)", "desk", 8470, TxtKeys.Build("/.well-known/compute-utility", "1.0", 12));
        var records = ResponderRecords.For(ad, [IPAddress.Loopback, IPAddress.Parse("fe80::1")]);
        var buffer = new byte[MdnsConstants.MaxPacketBytes];

        var length = MdnsPacketWriter.Write(MdnsPacket.Response(records), buffer);

        MdnsPacketReader.TryRead(new ArraySegment<byte>(buffer, 0, length), out var read).Should().BeTrue();
        read!.IsResponse.Should().BeTrue();
        read.Answers.Should().HaveCount(records.Count);
        read.Answers.Zip(records).Should().OnlyContain(p => p.First.SameRecord(p.Second) && p.First.Ttl == p.Second.Ttl && p.First.CacheFlush == p.Second.CacheFlush);
    }

    [Fact]
    public void Names_are_compressed_so_a_full_announcement_stays_small()
    {
        var ad = new ServiceAdvertisement("a-fairly-long-utility-name", "a-fairly-long-host-name", 8470, TxtKeys.Build("/.well-known/compute-utility", "1.0", 1));
        var buffer = new byte[MdnsConstants.MaxPacketBytes];

        var length = MdnsPacketWriter.Write(MdnsPacket.Response(ResponderRecords.For(ad, [IPAddress.Loopback])), buffer);

        length.Should().BeLessThan(260);
    }

    [Fact]
    public void The_question_class_carries_the_unicast_response_bit()
    {
        var buffer = new byte[512];
        var length = MdnsPacketWriter.Write(MdnsPacket.Query([new MdnsQuestion(new DomainName(["x", "local"]), RecordType.Any, UnicastResponse: true)]), buffer);

        buffer[length - 2].Should().Be(0x80);
        buffer[length - 1].Should().Be(0x01);
        MdnsPacketReader.TryRead(new ArraySegment<byte>(buffer, 0, length), out var read).Should().BeTrue();
        read!.Questions.Single().UnicastResponse.Should().BeTrue();
    }

    [Fact]
    public void Records_of_other_classes_are_ignored_when_reading()
    {
        var buffer = new byte[512];
        var length = MdnsPacketWriter.Write(MdnsPacket.Response([MdnsRecord.HostAddress(new DomainName(["h", "local"]), IPAddress.Loopback, 120)]), buffer);
        buffer[length - 12] = 0x00;
        buffer[length - 11] = 0x03; // CHAOS instead of IN: class, ttl, rdlength and the 4-byte address end the packet

        MdnsPacketReader.TryRead(new ArraySegment<byte>(buffer, 0, length), out var read).Should().BeTrue();
        read!.Answers.Should().BeEmpty();
    }
}
