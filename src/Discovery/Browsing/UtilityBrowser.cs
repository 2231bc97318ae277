using ARSoft.Tools.Net.Dns;
using ComputeUtility.Discovery.Transport;
using ComputeUtility.Discovery.Wire;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ComputeUtility.Discovery.Browsing;

/// <summary>
/// Browses <c>_compute-utility._tcp.local</c> over multicast DNS: queries continuously with the RFC 6762 §5.2
/// back-off, keeps a TTL cache, resolves SRV, TXT and addresses, and raises <see cref="Found"/>,
/// <see cref="Updated"/> and <see cref="Lost"/>. Events are raised on a background thread.
/// </summary>
public sealed partial class UtilityBrowser : IAsyncDisposable
{
    private readonly IReadOnlyList<MdnsSocket> _sockets;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly RecordCache _cache;
    private readonly QuerySchedule _schedule;
    private readonly Dictionary<string, DiscoveredUtility> _known = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, (DateTimeOffset Next, TimeSpan Interval)> _resolving = new(StringComparer.OrdinalIgnoreCase);
    private readonly CancellationTokenSource _stop = new();
    private readonly ARSoft.Tools.Net.DomainName _serviceType = MdnsConstants.ServiceType(MdnsConstants.Local);
    private Task _loop = Task.CompletedTask;

    private UtilityBrowser(IReadOnlyList<MdnsSocket> sockets, TimeSpan tick, TimeProvider time, ILogger logger)
    {
        _sockets = sockets;
        _time = time;
        _logger = logger;
        _cache = new RecordCache(time);
        _schedule = new QuerySchedule(time.GetUtcNow(), TimeSpan.FromMilliseconds(Random.Shared.Next(20, 121)));
        Tick = tick;
    }

    /// <summary>Raised when a utility is first fully resolved.</summary>
    public event EventHandler<UtilityEventArgs>? Found;

    /// <summary>Raised when a known utility's address, port or TXT keys change (e.g. a new <c>dv</c>).</summary>
    public event EventHandler<UtilityEventArgs>? Updated;

    /// <summary>Raised when a utility said goodbye or its records expired.</summary>
    public event EventHandler<UtilityEventArgs>? Lost;

    private TimeSpan Tick { get; }

    /// <summary>The interfaces being browsed, e.g. <c>lo/InterNetwork</c>; empty when none could be used.</summary>
    public IReadOnlyList<string> Sockets => _sockets.Select(s => $"{s.Interface.Name}/{s.Family}").ToArray();

    /// <summary>The utilities known now.</summary>
    public IReadOnlyList<DiscoveredUtility> Current
    {
        get
        {
            lock (_gate)
            {
                return _known.Values.ToArray();
            }
        }
    }

    /// <summary>Opens the sockets and starts browsing at once.</summary>
    public static UtilityBrowser Start(BrowserOptions options, ILoggerFactory? loggerFactory = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<UtilityBrowser>();
        var sockets = SocketFactory.Open(InterfaceSelector.Select(options.Interfaces), options.IPv4, options.IPv6, r => SocketFactory.Log(logger, r));
        var browser = new UtilityBrowser(sockets, options.Tick, time ?? TimeProvider.System, logger);
        foreach (var socket in sockets)
        {
            socket.Start(browser.Receive);
        }

        browser._loop = browser.RunAsync(browser._stop.Token);
        return browser;
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Tick, _time);
        try
        {
            do
            {
                await QueryAsync(cancellationToken).ConfigureAwait(false);
                Refresh();
            }
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task QueryAsync(CancellationToken cancellationToken)
    {
        var questions = new List<MdnsQuestion>();
        var known = new List<MdnsRecord>();
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            var refresh = _cache.DueForRefresh(r => true);
            if (_schedule.IsDue(now) || refresh.Any(r => r.Record.Type == RecordType.Ptr))
            {
                questions.Add(new MdnsQuestion(_serviceType, RecordType.Ptr));
                // §7.1 known answers: PTRs we hold with more than half their TTL left.
                known.AddRange(_cache.Find(_serviceType, RecordType.Ptr).Where(c => c.MoreThanHalfLeft(now)).Select(c => c.Record with { Ttl = (uint)Math.Max(0, (c.Expires - now).TotalSeconds) }).DistinctBy(r => r.Target!.ToString().ToLowerInvariant()));
            }

            foreach (var cached in refresh.Where(r => r.Record.Type != RecordType.Ptr))
            {
                questions.Add(new MdnsQuestion(cached.Record.Name, cached.Record.Type));
            }

            questions.AddRange(MissingPieces(now));
        }

        if (questions.Count == 0)
        {
            return;
        }

        var query = MdnsPacket.Query(questions.DistinctBy(q => $"{q.Name.ToString().ToLowerInvariant()}|{q.Type}").ToArray(), known);
        var packets = KnownAnswerPackets.Split(query, MdnsConstants.QueryPacketBytes);
        foreach (var socket in _sockets)
        {
            try
            {
                foreach (var packet in packets)
                {
                    await socket.SendAsync(packet, null, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (System.Net.Sockets.SocketException ex)
            {
                SocketFactory.Log(_logger, $"query on {socket.Interface.Name} failed: {ex.Message}");
            }
        }
    }

    /// <summary>SRV/TXT for instances seen only as PTR, addresses for SRV targets; each name backs off from 1 s.</summary>
    private IEnumerable<MdnsQuestion> MissingPieces(DateTimeOffset now)
    {
        foreach (var ptr in _cache.Find(_serviceType, RecordType.Ptr).ToArray())
        {
            var instance = ptr.Record.Target!;
            var srv = _cache.Find(instance, RecordType.Srv).FirstOrDefault();
            var hasTxt = _cache.Find(instance, RecordType.Txt).Any();
            if ((srv is null || !hasTxt) && Due(instance.ToString(), now))
            {
                yield return new MdnsQuestion(instance, RecordType.Srv);
                yield return new MdnsQuestion(instance, RecordType.Txt);
            }

            if (srv is not null && !_cache.Find(srv.Record.Target!, RecordType.A).Any() && !_cache.Find(srv.Record.Target!, RecordType.Aaaa).Any()
                && Due(srv.Record.Target!.ToString(), now))
            {
                yield return new MdnsQuestion(srv.Record.Target!, RecordType.A);
                yield return new MdnsQuestion(srv.Record.Target!, RecordType.Aaaa);
            }
        }
    }

    private bool Due(string name, DateTimeOffset now)
    {
        if (_resolving.TryGetValue(name, out var state) && now < state.Next)
        {
            return false;
        }

        var interval = state.Interval == TimeSpan.Zero ? TimeSpan.FromSeconds(1) : TimeSpan.FromTicks(Math.Min(state.Interval.Ticks * 2, TimeSpan.FromMinutes(1).Ticks));
        _resolving[name] = (now + interval, interval);
        return true;
    }

    private void Receive(MdnsDatagram datagram)
    {
        if (!MdnsPacketReader.TryRead(datagram.Data, out var packet) || packet is null || !packet.IsResponse)
        {
            return;
        }

        lock (_gate)
        {
            foreach (var record in packet.Answers.Concat(packet.Additionals))
            {
                _cache.Add(record, datagram.Socket.Interface.Index);
            }
        }

        Refresh();
    }
}
