using ARSoft.Tools.Net.Dns;
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

                    var question = new MdnsQuestion(proposed[0].Name, RecordType.Any, UnicastResponse: i == 0);
                    await SendAsync(socket, new MdnsPacket(0, false, [question], [], proposed, []), null, cancellationToken).ConfigureAwait(false);
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

            string renamed;
            lock (_gate)
            {
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
        var ours = _sockets.SelectMany(s => ResponderRecords.Proposed(ad, s.LocalAddresses)).ToArray();
        foreach (var record in response.Answers.Concat(response.Additionals))
        {
            if (record.Ttl == 0 || !record.Name.Equals(instance) || record.Type is not (RecordType.Srv or RecordType.Txt))
            {
                continue;
            }

            if (ours.Any(o => o.SameRecord(record)) || IsRetired(record))
            {
                continue;
            }

            LogConflict(_logger, InstanceName, record.Type.ToString());
            if (State == ResponderState.Probing)
            {
                _probeOutcome.TrySetResult(ProbeOutcome.Conflict);
            }
            else if (State == ResponderState.Announced)
            {
                // §9: probe again; if the other host really holds the name, its answers make us rename.
                _ = ReprobeAsync();
            }

            return;
        }
    }

    private bool IsRetired(MdnsRecord record)
    {
        lock (_gate)
        {
            return _retired.Any(r => r.Record.SameRecord(record));
        }
    }

    /// <summary>Another host probes for our name while we probe: §8.2's lexicographic comparison decides.</summary>
    private void CheckSimultaneousProbe(MdnsPacket query)
    {
        ServiceAdvertisement ad;
        lock (_gate)
        {
            ad = _advertisement;
        }

        var instance = ResponderRecords.InstanceName(ad);
        var theirs = query.Authorities.Where(r => r.Name.Equals(instance)).ToArray();
        if (theirs.Length == 0)
        {
            return;
        }

        foreach (var socket in _sockets)
        {
            var ours = ResponderRecords.Proposed(ad, socket.LocalAddresses);
            if (ProbeTieBreaker.Compare(ours, theirs) < 0)
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
