using System.Net;
using ComputeUtility.Discovery.Transport;
using ComputeUtility.Discovery.Wire;
using Microsoft.Extensions.Logging;

namespace ComputeUtility.Discovery.Responder;

/// <summary>
/// The multicast DNS responder for one service instance (RFC 6762 §6–§10): probes for the instance name,
/// renames on conflict, announces, answers queries on every socket it was given, re-announces TXT when it
/// changes and says goodbye when disposed.
/// </summary>
internal sealed partial class MdnsResponder : IAsyncDisposable
{
    private readonly IReadOnlyList<MdnsSocket> _sockets;
    private readonly ResponderOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _life = new();
    private readonly MulticastHistory _history;
    private readonly ConflictRateLimit _conflicts;
    private readonly TruncatedQueries<(MdnsSocket Socket, IPEndPoint Source)> _truncated;
    private readonly List<(MdnsRecord Record, DateTimeOffset Until)> _retired = [];
    private ServiceAdvertisement _advertisement;
    private TaskCompletionSource<ProbeOutcome> _probeOutcome = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _announcing = Task.CompletedTask;
    private Task _watching = Task.CompletedTask;
    private long _received;
    private long _dropped;

    public MdnsResponder(IReadOnlyList<MdnsSocket> sockets, ServiceAdvertisement advertisement, ResponderOptions options, TimeProvider time, ILogger logger)
    {
        _sockets = sockets;
        _advertisement = advertisement;
        _options = options;
        _time = time;
        _logger = logger;
        _history = new MulticastHistory(time, options.MulticastRateLimit);
        _conflicts = new ConflictRateLimit(time, options);
        _truncated = new TruncatedQueries<(MdnsSocket Socket, IPEndPoint Source)>(time, options, (q, from) => AnswerSafely(q, from.Socket, from.Source), _life.Token);
    }

    public ResponderState State { get; private set; }
    public string InstanceName => _advertisement.InstanceName;

    /// <summary>The host label (without <c>.local</c>) our A/AAAA and SRV records use; it changes after a host name conflict.</summary>
    public string HostLabel => _advertisement.HostLabel;
    public long PacketsReceived => Interlocked.Read(ref _received);
    public long PacketsDropped => Interlocked.Read(ref _dropped);
    public IReadOnlyList<MdnsSocket> Sockets => _sockets;

    /// <summary>Raised with the new name after a conflict forced a rename.</summary>
    public event Action<string>? Renamed;

    /// <summary>Opens the receive loops, probes until the name is ours, sends the first announcement and returns.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var socket in _sockets)
        {
            socket.Start(Receive);
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _life.Token);
        await ProbeAsync(linked.Token).ConfigureAwait(false);
        lock (_gate)
        {
            State = ResponderState.Announced;
        }

        LogAnnouncing(_logger, InstanceName, string.Join(", ", _sockets.Select(s => $"{s.Interface.Name}/{s.Family}")));
        await SendAllAsync(AllRecords, ttl: null, _life.Token).ConfigureAwait(false);
        _announcing = RepeatAsync(AllRecords, _options.AnnounceCount - 1, _life.Token);
        _watching = WatchInterfacesAsync(_life.Token);
    }

    /// <summary>Replaces the TXT strings and announces the new TXT record (CU-DISC-3).</summary>
    public void UpdateText(IReadOnlyList<string> text)
    {
        lock (_gate)
        {
            if (_advertisement.Text.SequenceEqual(text, StringComparer.Ordinal))
            {
                return;
            }

            foreach (var socket in _sockets)
            {
                _retired.AddRange(RecordsOn(socket).Where(r => r.Type == ARSoft.Tools.Net.Dns.RecordType.Txt).Select(r => (r, _time.GetUtcNow() + TimeSpan.FromSeconds(3))));
            }

            _advertisement = _advertisement with { Text = text };
            if (State != ResponderState.Announced)
            {
                return; // the announcement after probing carries the new text
            }
        }

        LogTextChanged(_logger, InstanceName, string.Join(' ', text));
        var previous = _announcing;
        _announcing = Task.WhenAll(previous, RepeatAsync(TextRecords, _options.AnnounceCount, _life.Token));
    }

    private IReadOnlyList<MdnsRecord> AllRecords(MdnsSocket socket) => RecordsOn(socket);

    private IReadOnlyList<MdnsRecord> TextRecords(MdnsSocket socket) =>
        RecordsOn(socket).Where(r => r.Type == ARSoft.Tools.Net.Dns.RecordType.Txt).ToArray();

    private List<MdnsRecord> RecordsOn(MdnsSocket socket)
    {
        lock (_gate)
        {
            return ResponderRecords.For(_advertisement, socket.LocalAddresses);
        }
    }

    private async Task RepeatAsync(Func<MdnsSocket, IReadOnlyList<MdnsRecord>> records, int times, CancellationToken cancellationToken)
    {
        try
        {
            for (var i = 0; i < times; i++)
            {
                await Task.Delay(_options.AnnounceInterval, _time, cancellationToken).ConfigureAwait(false);
                await SendAllAsync(records, ttl: null, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task SendAllAsync(Func<MdnsSocket, IReadOnlyList<MdnsRecord>> records, uint? ttl, CancellationToken cancellationToken)
    {
        foreach (var socket in _sockets)
        {
            var chosen = records(socket).Select(r => ttl is { } t ? r.WithTtl(t) : r).ToArray();
            _history.Note(socket, chosen);
            await SendAsync(socket, MdnsPacket.Response(chosen), null, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task SendAsync(MdnsSocket socket, MdnsPacket packet, IPEndPoint? destination, CancellationToken cancellationToken)
    {
        try
        {
            await socket.SendAsync(packet, destination, cancellationToken).ConfigureAwait(false);
        }
        catch (System.Net.Sockets.SocketException ex)
        {
            LogSendFailed(_logger, socket.Interface.Name, ex.Message);
        }
    }

    /// <summary>Sends goodbyes (every record with TTL 0, CU-DISC-5) and closes the sockets.</summary>
    public async ValueTask DisposeAsync()
    {
        bool announced;
        lock (_gate)
        {
            announced = State == ResponderState.Announced;
            State = ResponderState.Stopped;
        }

        await _life.CancelAsync().ConfigureAwait(false);
        await _announcing.ConfigureAwait(false);
        await _watching.ConfigureAwait(false);
        if (announced)
        {
            LogGoodbye(_logger, InstanceName);
            await SendAllAsync(AllRecords, ttl: 0, CancellationToken.None).ConfigureAwait(false);
        }

        foreach (var socket in _sockets)
        {
            socket.Dispose();
        }

        _life.Dispose();
    }
}
