namespace ComputeUtility.Discovery.Tests.Responder;

/// <summary>RFC 6762 §8.1 on lo: a peer that claims every name we probe for drives fifteen renames, then the back-off.</summary>
public sealed class ConflictRateLimitOnTheWireTests
{
    private const int RateLimitedEvent = 5110;

    [Fact]
    public async Task A_peer_claiming_every_name_gets_fifteen_renames_and_then_the_five_second_back_off()
    {
        PrivateNetwork.Require();
        var stem = TestResponder.UniqueName("bullied");
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var bully = BullyAsync(stem, stop.Token);
        var renames = 0;
        var renamesAtBackOff = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var logger = new RecordingLogger(e =>
        {
            if (e.Id == RateLimitedEvent)
            {
                renamesAtBackOff.TrySetResult(Volatile.Read(ref renames));
            }
        });
        var sockets = SocketFactory.Open(InterfaceSelector.Select(["lo"]), ipv4: true, ipv6: false, reason => throw new InvalidOperationException(reason));
        var ad = new ServiceAdvertisement(stem, "host-" + Guid.NewGuid().ToString("n")[..8], 18530, TxtKeys.Build("/.well-known/compute-utility", "1.0", 1));
        var responder = new MdnsResponder(sockets, ad, new ResponderOptions(), TimeProvider.System, logger);
        responder.Renamed += _ => Interlocked.Increment(ref renames);
        var starting = responder.StartAsync(stop.Token);
        try
        {
            var atBackOff = await renamesAtBackOff.Task.WaitAsync(TimeSpan.FromSeconds(60));

            atBackOff.Should().Be(15, "the back-off starts after the fifteenth conflict");
            responder.InstanceName.Should().Be($"{stem} (16)");
            responder.State.Should().Be(ResponderState.Probing, "the name is not claimed while the peer holds every one");
        }
        finally
        {
            await stop.CancelAsync();
            await responder.DisposeAsync();
            await Task.WhenAll(starting, bully).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>Answers every probe for a name starting with <paramref name="stem"/> with an SRV record of its own, from port 5353.</summary>
    private static async Task BullyAsync(string stem, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        socket.Bind(new IPEndPoint(IPAddress.Any, MdnsConstants.Port));
        socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership, new MulticastOption(MdnsConstants.GroupV4, IPAddress.Loopback));
        socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastInterface, IPAddress.Loopback.GetAddressBytes());
        var group = new IPEndPoint(MdnsConstants.GroupV4, MdnsConstants.Port);
        var buffer = new byte[MdnsConstants.MaxPacketBytes];
        var bullyHost = new DomainName(["bully", "local"]);
        try
        {
            while (true)
            {
                var got = await socket.ReceiveAsync(buffer, cancellationToken);
                if (!MdnsPacketReader.TryRead(new ArraySegment<byte>(buffer, 0, got), out var probe) || probe is null || probe.IsResponse)
                {
                    continue;
                }

                var claimed = probe.Authorities.Where(r => r.Type == RecordType.Srv && r.Name.Labels[0].StartsWith(stem, StringComparison.Ordinal)).ToArray();
                if (claimed.Length == 0)
                {
                    continue;
                }

                var theirs = claimed.Select(r => MdnsRecord.Service(r.Name, bullyHost, 1, MdnsConstants.HostRecordTtl)).ToArray();
                var length = MdnsPacketWriter.Write(MdnsPacket.Response(theirs), buffer);
                await socket.SendToAsync(buffer.AsMemory(0, length), group, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
