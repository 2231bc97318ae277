using System.Buffers;
using System.Net;
using System.Net.Sockets;
using ComputeUtility.Discovery.Wire;

namespace ComputeUtility.Discovery.Transport;

/// <summary>
/// One UDP socket on port 5353 for one interface and one address family. Several sockets (ours, other
/// processes', Avahi's) share the port; each gets every multicast datagram, so each keeps only the ones
/// that arrived on its own interface.
/// </summary>
internal sealed class MdnsSocket : IDisposable
{
    private readonly Socket _socket;
    private readonly CancellationTokenSource _stop = new();
    private Task _receiving = Task.CompletedTask;

    private MdnsSocket(Socket socket, MdnsInterface nic, AddressFamily family)
    {
        _socket = socket;
        Interface = nic;
        Family = family;
        Group = new IPEndPoint(family == AddressFamily.InterNetwork ? MdnsConstants.GroupV4 : MdnsConstants.GroupV6, MdnsConstants.Port);
    }

    /// <summary>The interface with the addresses last seen on it; the responder's rescan refreshes them.</summary>
    public MdnsInterface Interface { get; private set; }

    /// <summary>Takes the interface's current addresses (same name and index) after a rescan.</summary>
    public void Refresh(MdnsInterface current) => Interface = current;
    public AddressFamily Family { get; }
    public IPEndPoint Group { get; }

    /// <summary>The addresses of this socket's interface and family: what A or AAAA answers on it name.</summary>
    public IReadOnlyList<IPAddress> LocalAddresses => Family == AddressFamily.InterNetwork ? Interface.IPv4 : Interface.IPv6;

    public static MdnsSocket Open(MdnsInterface nic, AddressFamily family)
    {
        var socket = new Socket(family, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            // Before Bind, so that we can share 5353 with other responders on this machine.
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            if (family == AddressFamily.InterNetwork)
            {
                // 0.0.0.0, not the interface address: a socket bound to a unicast address gets no multicast.
                socket.Bind(new IPEndPoint(IPAddress.Any, MdnsConstants.Port));
                var address = nic.IPv4[0];
                socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership, new MulticastOption(MdnsConstants.GroupV4, address));
                socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastInterface, address.GetAddressBytes());
                socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastLoopback, true);
                socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastTimeToLive, 255);
                socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.PacketInformation, true);
            }
            else
            {
                socket.DualMode = false;
                socket.Bind(new IPEndPoint(IPAddress.IPv6Any, MdnsConstants.Port));
                socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.AddMembership, new IPv6MulticastOption(MdnsConstants.GroupV6, nic.Index));
                socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.MulticastInterface, nic.Index);
                socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.MulticastLoopback, true);
                socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.MulticastTimeToLive, 255);
                socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.PacketInformation, true);
            }
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new MdnsSocket(socket, nic, family);
    }

    /// <summary>Starts the receive loop; <paramref name="onDatagram"/> runs on it and must not block.</summary>
    public void Start(Action<MdnsDatagram> onDatagram) => _receiving = ReceiveAsync(onDatagram, _stop.Token);

    public async ValueTask SendAsync(MdnsPacket packet, IPEndPoint? destination = null, CancellationToken cancellationToken = default)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(MdnsConstants.MaxPacketBytes);
        try
        {
            var length = MdnsPacketWriter.Write(packet, buffer);
            await _socket.SendToAsync(buffer.AsMemory(0, length), SocketFlags.None, destination ?? Group, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task ReceiveAsync(Action<MdnsDatagram> onDatagram, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(MdnsConstants.MaxPacketBytes + 1);
        EndPoint any = Family == AddressFamily.InterNetwork ? new IPEndPoint(IPAddress.Any, 0) : new IPEndPoint(IPAddress.IPv6Any, 0);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                SocketReceiveMessageFromResult result;
                try
                {
                    result = await _socket.ReceiveMessageFromAsync(buffer, SocketFlags.None, any, cancellationToken).ConfigureAwait(false);
                }
                catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionReset or SocketError.MessageSize)
                {
                    continue;
                }

                if (result.PacketInformation.Interface != Interface.Index || result.ReceivedBytes > MdnsConstants.MaxPacketBytes)
                {
                    continue;
                }

                onDatagram(new MdnsDatagram(new ArraySegment<byte>(buffer, 0, result.ReceivedBytes), (IPEndPoint)result.RemoteEndPoint, this));
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
        try
        {
            _receiving.Wait(TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
        }

        _stop.Dispose();
    }
}
