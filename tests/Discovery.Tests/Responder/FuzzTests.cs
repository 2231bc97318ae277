namespace ComputeUtility.Discovery.Tests.Responder;

/// <summary>Hostile datagrams are dropped without a crash or a leak, and the responder keeps answering.</summary>
[Collection(MalformedPacketsCollection.Name)]
public sealed class FuzzTests(ITestOutputHelper output)
{
    private const int Packets = 12_000;

    [Fact]
    public async Task Twelve_thousand_random_and_mutated_packets_are_dropped_and_the_responder_still_answers()
    {
        PrivateNetwork.Require();
        var name = TestResponder.UniqueName("fuzz");
        await using var responder = TestResponder.Create(name, 18500);
        await responder.StartAsync(CancellationToken.None);
        var valid = ValidQuery(name);
        var random = new Random(6762);
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        sender.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastInterface, IPAddress.Loopback.GetAddressBytes());
        var group = new IPEndPoint(MdnsConstants.GroupV4, MdnsConstants.Port);
        var before = responder.PacketsReceived;

        // Warm up, then measure managed memory around the storm.
        for (var i = 0; i < 200; i++)
        {
            await sender.SendToAsync(HostilePackets.Next(random, valid), group);
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        var memoryBefore = GC.GetTotalMemory(forceFullCollection: true);
        for (var i = 0; i < Packets; i++)
        {
            await sender.SendToAsync(HostilePackets.Next(random, valid), group);
            if (i % 200 == 199)
            {
                await Task.Delay(5); // bounded pace, so the kernel's receive buffer does not drop them
            }
        }

        // Direct calls as well, so every one of the packets reaches the handler whatever the kernel dropped.
        var socket = responder.Sockets[0];
        var source = new IPEndPoint(IPAddress.Parse("127.0.0.9"), 40000);
        for (var i = 0; i < Packets; i++)
        {
            responder.Receive(new MdnsDatagram(HostilePackets.Next(random, valid), source, socket));
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        var memoryAfter = GC.GetTotalMemory(forceFullCollection: true);
        var received = responder.PacketsReceived - before;
        output.WriteLine($"fuzz: {received} packets handled ({Packets} over the socket, {Packets} direct), {responder.PacketsDropped} dropped as malformed; managed memory {memoryBefore / 1024} KiB -> {memoryAfter / 1024} KiB");

        received.Should().BeGreaterThanOrEqualTo(Packets + Packets / 2, "most socket packets and every direct one reach the handler");
        responder.PacketsDropped.Should().BeGreaterThan(Packets / 2);
        (memoryAfter - memoryBefore).Should().BeLessThan(8 * 1024 * 1024, "dropped packets leave nothing behind");
        (await LegacyQuery.AskAsync(name)).Should().BeTrue("the responder still answers after the storm");
    }

    private static byte[] ValidQuery(string instance)
    {
        var name = new ARSoft.Tools.Net.DomainName([instance, .. MdnsConstants.ServiceTypeLabels, "local"]);
        var buffer = new byte[512];
        var length = MdnsPacketWriter.Write(MdnsPacket.Query([new MdnsQuestion(name, ARSoft.Tools.Net.Dns.RecordType.Any)]), buffer);
        return buffer[..length];
    }
}
