namespace ComputeUtility.Discovery.Tests.Responder;

/// <summary>RFC 6762 §7.2 on the wire: known answers sent after a TC query still suppress the answers they name.</summary>
public sealed class TruncatedQueryTests
{
    private static readonly DomainName Type = MdnsConstants.ServiceType(MdnsConstants.Local);

    [Fact]
    public async Task A_known_answer_in_the_packet_after_a_truncated_query_suppresses_that_answer_and_no_other()
    {
        PrivateNetwork.Require();
        var (known, other) = (TestResponder.UniqueName("known"), TestResponder.UniqueName("other"));
        await using var a = TestResponder.Create(known, 18494);
        await using var b = TestResponder.Create(other, 18495);
        await Task.WhenAll(a.StartAsync(CancellationToken.None), b.StartAsync(CancellationToken.None));

        var named = await AskAsync(other,
            MdnsPacket.Query([new MdnsQuestion(Type, RecordType.Ptr)]) with { IsTruncated = true },
            MdnsPacket.Query([], [MdnsRecord.Pointer(Type, Instance(known), MdnsConstants.OtherRecordTtl)]));

        named.Should().Contain(other, "the responder the known answer does not name answers the merged query");
        named.Should().NotContain(known, "its PTR arrived as a known answer in the packet after the TC query");
    }

    [Fact]
    public async Task A_known_answer_list_split_by_our_querier_suppresses_an_answer_named_in_its_last_packet()
    {
        PrivateNetwork.Require();
        var (known, other) = (TestResponder.UniqueName("known"), TestResponder.UniqueName("other"));
        await using var a = TestResponder.Create(known, 18496);
        await using var b = TestResponder.Create(other, 18497);
        await Task.WhenAll(a.StartAsync(CancellationToken.None), b.StartAsync(CancellationToken.None));
        var list = Enumerable.Range(0, 120).Select(i => MdnsRecord.Pointer(Type, Instance($"someone else's utility {i}"), MdnsConstants.OtherRecordTtl))
            .Append(MdnsRecord.Pointer(Type, Instance(known), MdnsConstants.OtherRecordTtl)).ToArray();
        var packets = KnownAnswerPackets.Split(MdnsPacket.Query([new MdnsQuestion(Type, RecordType.Ptr)], list), MdnsConstants.QueryPacketBytes);
        packets.Count.Should().BeGreaterThan(1);

        var named = await AskAsync(other, [.. packets]);

        named.Should().Contain(other);
        named.Should().NotContain(known, "its PTR was a known answer in the last of {0} packets", packets.Count);
    }

    /// <summary>Sends the packets from an ephemeral port (§6.7: replies come straight back, announcements do not) and collects the PTR targets answered.</summary>
    private static async Task<List<string>> AskAsync(string expected, params MdnsPacket[] packets)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastInterface, IPAddress.Loopback.GetAddressBytes());
        var group = new IPEndPoint(MdnsConstants.GroupV4, MdnsConstants.Port);
        var buffer = new byte[MdnsConstants.MaxPacketBytes];
        foreach (var packet in packets)
        {
            var length = MdnsPacketWriter.Write(packet, buffer);
            await socket.SendToAsync(buffer.AsMemory(0, length), group);
        }

        var named = new List<string>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var quiet = DateTimeOffset.MaxValue;
        while (!cts.IsCancellationRequested && DateTimeOffset.UtcNow < quiet)
        {
            try
            {
                using var slice = CancellationTokenSource.CreateLinkedTokenSource(cts.Token);
                slice.CancelAfter(TimeSpan.FromSeconds(1));
                var got = await socket.ReceiveAsync(buffer, slice.Token);
                if (MdnsPacketReader.TryRead(new ArraySegment<byte>(buffer, 0, got), out var reply) && reply is not null)
                {
                    named.AddRange(reply.Answers.Where(r => r.Type == RecordType.Ptr).Select(r => r.Target!.Labels[0]));
                }
            }
            catch (OperationCanceledException)
            {
            }

            if (named.Contains(expected) && quiet == DateTimeOffset.MaxValue)
            {
                quiet = DateTimeOffset.UtcNow.AddSeconds(1); // give a wrong answer from the other responder time to show up
            }
        }

        return named;
    }

    private static DomainName Instance(string name) => new([name, .. MdnsConstants.ServiceTypeLabels, "local"]);
}
