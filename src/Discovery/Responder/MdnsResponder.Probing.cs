using ARSoft.Tools.Net.Dns;
using ComputeUtility.Discovery.Transport;
using ComputeUtility.Discovery.Wire;

namespace ComputeUtility.Discovery.Responder;

/// <summary>RFC 6762 §8.1–§8.2 and §9: probing, tie-breaking and renaming.</summary>
internal sealed partial class MdnsResponder
{
    private async Task ProbeAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            TaskCompletionSource<ProbeOutcome> outcome;
            lock (_gate)
            {
                State = ResponderState.Probing;
                outcome = _probeOutcome = new TaskCompletionSource<ProbeOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            // §8.1: after fifteen conflicts in ten seconds, five seconds between probe attempts.
            TimeSpan backoff;
            lock (_gate)
            {
                backoff = _conflicts.DelayBeforeProbe();
            }

            if (backoff > TimeSpan.Zero)
            {
                LogConflictRateLimited(_logger, InstanceName, backoff.TotalSeconds);
                await Task.Delay(backoff, _time, cancellationToken).ConfigureAwait(false);
            }

            // §8.1: a random delay of 0–250 ms before the first probe spreads hosts that power on together.
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(0, 250)), _time, cancellationToken).ConfigureAwait(false);
            ProbeOutcome? interrupted = null;
            for (var i = 0; i < _options.ProbeCount && interrupted is null; i++)
            {
                foreach (var socket in _sockets)
                {
                    List<MdnsRecord> proposed;
                    lock (_gate)
                    {
                        proposed = ResponderRecords.Proposed(_advertisement, socket.LocalAddresses);
                    }

                    // One question per name we claim (the instance, and the host name when this socket has addresses).
                    var questions = proposed.Select(r => r.Name).Distinct().Select(n => new MdnsQuestion(n, RecordType.Any, UnicastResponse: i == 0)).ToArray();
                    await SendAsync(socket, new MdnsPacket(0, false, questions, [], proposed, []), null, cancellationToken).ConfigureAwait(false);
                }

                var wait = Task.Delay(_options.ProbeInterval, _time, cancellationToken);
                if (await Task.WhenAny(wait, outcome.Task).ConfigureAwait(false) == outcome.Task)
                {
                    interrupted = outcome.Task.Result;
                }
                else
                {
                    await wait.ConfigureAwait(false);
                }
            }

            if (interrupted is null)
            {
                return;
            }

            if (interrupted == ProbeOutcome.LostTieBreak)
            {
                LogLostTieBreak(_logger, InstanceName);
                await Task.Delay(_options.TieBreakBackoff, _time, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (interrupted == ProbeOutcome.HostConflict)
            {
                lock (_gate)
                {
                    _conflicts.Note();
                    var old = _advertisement.HostLabel;
                    _advertisement = _advertisement with { HostLabel = ConflictRenamer.NextHost(old) };
                    LogHostRenamed(_logger, old, _advertisement.HostLabel);
                }

                continue;
            }

            string renamed;
            lock (_gate)
            {
                _conflicts.Note();
                var old = _advertisement.InstanceName;
                renamed = ConflictRenamer.Next(old);
                _advertisement = _advertisement with { InstanceName = renamed };
                LogRenamed(_logger, old, renamed);
            }

            Renamed?.Invoke(renamed);
        }
    }

    /// <summary>A response naming our instance with other data is a conflict (while probing) or a challenge (afterwards).</summary>
    private void CheckConflict(MdnsPacket response)
    {
        ServiceAdvertisement ad;
        lock (_gate)
        {
            ad = _advertisement;
            _retired.RemoveAll(r => r.Until < _time.GetUtcNow());
        }

        var instance = ResponderRecords.InstanceName(ad);
        var host = ResponderRecords.HostName(ad);
        var ours = _sockets.SelectMany(s => ResponderRecords.Proposed(ad, s.LocalAddresses)).ToArray();
        foreach (var record in response.Answers.Concat(response.Additionals))
        {
            var onInstance = record.Name.Equals(instance) && record.Type is RecordType.Srv or RecordType.Txt;
            var onHost = record.Name.Equals(host) && record.Type is RecordType.A or RecordType.Aaaa;
            if (record.Ttl == 0 || !(onInstance || onHost))
            {
                continue;
            }

            // An address of this machine under our host name is this host speaking (say, through Avahi), not a rival.
            if (ours.Any(o => o.SameRecord(record)) || IsRetired(record) || (onHost && IsMachineAddress(record.Address)))
            {
                continue;
            }

            LogConflict(_logger, onHost ? host.ToString() : InstanceName, record.Type.ToString());
            if (State == ResponderState.Probing)
            {
                _probeOutcome.TrySetResult(onHost ? ProbeOutcome.HostConflict : ProbeOutcome.Conflict);
            }
            else if (State == ResponderState.Announced)
            {
                // §9: probe again; if the other host really holds the name, its answers make us rename.
                _ = ReprobeAsync();
            }

            return;
        }
    }

    private static bool IsMachineAddress(System.Net.IPAddress? address) =>
        address is not null && System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
            .Any(n => n.GetIPProperties().UnicastAddresses.Any(u => u.Address.Equals(address)));

    private bool IsRetired(MdnsRecord record)
    {
        lock (_gate)
        {
            return _retired.Any(r => r.Record.SameRecord(record));
        }
    }

    /// <summary>
    /// Another host probes for our name while we probe: §8.2's lexicographic comparison decides, against what we
    /// propose on the socket the probe came in on (our own probes loop back there and compare equal).
    /// </summary>
    private void CheckSimultaneousProbe(MdnsPacket query, MdnsSocket socket)
    {
        ServiceAdvertisement ad;
        lock (_gate)
        {
            ad = _advertisement;
        }

        var proposed = ResponderRecords.Proposed(ad, socket.LocalAddresses);
        // §8.2: the comparison is made separately for each name we probe for (the instance and the host name).
        foreach (var name in new[] { ResponderRecords.InstanceName(ad), ResponderRecords.HostName(ad) })
        {
            var theirs = query.Authorities.Where(r => r.Name.Equals(name)).ToArray();
            var ours = proposed.Where(r => r.Name.Equals(name)).ToArray();
            if (theirs.Length > 0 && ours.Length > 0 && ProbeTieBreaker.Compare(ours, theirs) < 0)
            {
                _probeOutcome.TrySetResult(ProbeOutcome.LostTieBreak);
                return;
            }
        }
    }

    private async Task ReprobeAsync()
    {
        lock (_gate)
        {
            if (State != ResponderState.Announced)
            {
                return;
            }

            State = ResponderState.Probing;
        }

        try
        {
            await ProbeAsync(_life.Token).ConfigureAwait(false);
            lock (_gate)
            {
                State = ResponderState.Announced;
            }

            await SendAllAsync(AllRecords, ttl: null, _life.Token).ConfigureAwait(false);
            await RepeatAsync(AllRecords, _options.AnnounceCount - 1, _life.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
