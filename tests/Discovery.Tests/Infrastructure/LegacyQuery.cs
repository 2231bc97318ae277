namespace ComputeUtility.Discovery.Tests.Infrastructure;

/// <summary>An RFC 6762 §6.7 one-shot query from an ephemeral port: the responder answers it by unicast, at once.</summary>
internal static class LegacyQuery
{
    public static async Task<bool> AskAsync(string instance, int attempts = 3)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastInterface, IPAddress.Loopback.GetAddressBytes());
        var name = new DomainName([instance, .. MdnsConstants.ServiceTypeLabels, "local"]);
        var buffer = new byte[MdnsConstants.MaxPacketBytes];
        for (var i = 0; i < attempts; i++)
        {
            var length = MdnsPacketWriter.Write(new MdnsPacket(0x4242, false, [new MdnsQuestion(name, RecordType.Srv)], [], [], []), buffer);
            await socket.SendToAsync(buffer.AsMemory(0, length), new IPEndPoint(MdnsConstants.GroupV4, MdnsConstants.Port));
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            try
            {
                var got = await socket.ReceiveAsync(buffer, cts.Token);
                if (MdnsPacketReader.TryRead(new ArraySegment<byte>(buffer, 0, got), out var answer) && answer!.Id == 0x4242
                    && answer.Answers.Any(a => a.Type == RecordType.Srv && a.Name.Equals(name) && a.Ttl <= 10))
                {
                    return true;
                }
            }
            catch (OperationCanceledException)
            {
            }
        }

        return false;
    }
}
