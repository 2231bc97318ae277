using ComputeUtility.Discovery.Transport;

namespace ComputeUtility.Discovery.Browsing;

/// <summary>Turning cache contents into Found / Updated / Lost, and shutting down.</summary>
public sealed partial class UtilityBrowser
{
    private void Refresh()
    {
        var events = new List<(EventHandler<UtilityEventArgs>? Handler, string Name, DiscoveredUtility Utility)>();
        lock (_gate)
        {
            _cache.Expire();
            var now = UtilityResolver.Resolve(_cache, _serviceType, InterfaceName);
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var utility in now)
            {
                seen.Add(utility.InstanceName);
                if (!_known.TryGetValue(utility.InstanceName, out var before))
                {
                    events.Add((Found, nameof(Found), utility));
                }
                else if (before.Signature != utility.Signature)
                {
                    events.Add((Updated, nameof(Updated), utility));
                }

                _known[utility.InstanceName] = utility;
            }

            foreach (var gone in _known.Keys.Where(k => !seen.Contains(k)).ToArray())
            {
                events.Add((Lost, nameof(Lost), _known[gone]));
                _known.Remove(gone);
            }
        }

        foreach (var (handler, name, utility) in events)
        {
            DiscoveryLog.BrowserEvent(_logger, name, utility.InstanceName, utility.HostName, utility.Port);
            try
            {
                handler?.Invoke(this, new UtilityEventArgs(utility));
            }
#pragma warning disable CA1031 // a subscriber's bug must not stop browsing
            catch (Exception ex)
#pragma warning restore CA1031
            {
                DiscoveryLog.HandlerFailed(_logger, ex.Message);
            }
        }
    }

    private string InterfaceName(int index) => _sockets.FirstOrDefault(s => s.Interface.Index == index)?.Interface.Name ?? index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Stops querying and closes the sockets.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        foreach (var socket in _sockets)
        {
            socket.Dispose();
        }

        _stop.Dispose();
    }

    internal IReadOnlyList<MdnsSocket> OpenSockets => _sockets;
}
