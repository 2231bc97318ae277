using ComputeUtility.Discovery.Transport;
using ComputeUtility.Discovery.Wire;

namespace ComputeUtility.Discovery.Responder;

/// <summary>
/// Addresses that appear on or go away from a served interface while running (RFC 6762 §8.4, §10.1): a
/// periodic rescan announces the new address records and sends goodbyes for the removed ones. An interface
/// that disappears gets goodbyes for every record; interfaces that appear later are not picked up (which
/// interfaces the utility serves is decided at start, CU-DISC-6).
/// </summary>
internal sealed partial class MdnsResponder
{
    private async Task WatchInterfacesAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var timer = new PeriodicTimer(_options.InterfaceRescan, _time);
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                await RescanAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task RescanAsync(CancellationToken cancellationToken)
    {
        var present = InterfaceSelector.Select(_sockets.Select(s => s.Interface.Name).Distinct().ToArray()).Chosen;
        foreach (var socket in _sockets)
        {
            var before = socket.LocalAddresses;
            var now = present.FirstOrDefault(n => n.Index == socket.Interface.Index && n.Name == socket.Interface.Name);
            var current = now is null ? [] : socket.Family == System.Net.Sockets.AddressFamily.InterNetwork ? now.IPv4 : now.IPv6;
            var removed = before.Except(current).ToArray();
            var added = current.Except(before).ToArray();
            if (removed.Length == 0 && added.Length == 0)
            {
                continue;
            }

            List<MdnsRecord> goodbyes;
            lock (_gate)
            {
                if (State != ResponderState.Announced)
                {
                    return; // the next rescan tries again; probing announces whatever is there then
                }

                // An interface without addresses of this family serves nothing on it: goodbyes for everything.
                goodbyes = current.Count == 0 ? RecordsOn(socket) : ResponderRecords.For(_advertisement, removed).Where(IsAddress).ToList();
            }

            LogAddressesChanged(_logger, socket.Interface.Name, string.Join(", ", added.Select(a => a.ToString())), string.Join(", ", removed.Select(a => a.ToString())));
            socket.Refresh(now ?? socket.Interface with { IPv4 = [], IPv6 = [] });
            if (goodbyes.Count > 0)
            {
                await SendAsync(socket, MdnsPacket.Response(goodbyes.Select(r => r.WithTtl(0)).ToArray()), null, cancellationToken).ConfigureAwait(false);
            }

            if (current.Count > 0)
            {
                // With the cache-flush bit, the full current set replaces what caches hold for our host name (§10.2).
                var addresses = RecordsOn(socket).Where(IsAddress).ToArray();
                _history.Note(socket, addresses);
                await SendAsync(socket, MdnsPacket.Response(addresses), null, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static bool IsAddress(MdnsRecord record) => record.Type is ARSoft.Tools.Net.Dns.RecordType.A or ARSoft.Tools.Net.Dns.RecordType.Aaaa;
}
