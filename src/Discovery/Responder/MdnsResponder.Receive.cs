using System.Net;
using ComputeUtility.Discovery.Transport;
using ComputeUtility.Discovery.Wire;

namespace ComputeUtility.Discovery.Responder;

/// <summary>RFC 6762 §5–§7: answering queries (QM, QU, legacy unicast) with known-answer suppression.</summary>
internal sealed partial class MdnsResponder
{
    /// <summary>Handles one datagram; anything malformed or hostile is counted and dropped.</summary>
    internal void Receive(MdnsDatagram datagram)
    {
        Interlocked.Increment(ref _received);
        if (!MdnsPacketReader.TryRead(datagram.Data, out var packet) || packet is null)
        {
            Interlocked.Increment(ref _dropped);
            return;
        }

        try
        {
            if (packet.IsResponse)
            {
                // §6: responses not sent from port 5353 are not from a conforming responder; ignore them.
                if (datagram.Source.Port == MdnsConstants.Port)
                {
                    CheckConflict(packet);
                }

                return;
            }

            if (State == ResponderState.Probing)
            {
                CheckSimultaneousProbe(packet, datagram.Socket);
            }
            else if (State == ResponderState.Announced && !_truncated.Offer(packet, (datagram.Socket, datagram.Source)))
            {
                Answer(packet, datagram.Socket, datagram.Source);
            }
        }
#pragma warning disable CA1031 // one bad packet must never end the receive loop
        catch (Exception ex) when (ex is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            Interlocked.Increment(ref _dropped);
            LogPacketFailed(_logger, ex.GetType().Name, ex.Message);
        }
    }

    /// <summary>Answers a query whose known answers arrived over several packets (§7.2), after the wait.</summary>
    private void AnswerSafely(MdnsPacket query, MdnsSocket socket, IPEndPoint source)
    {
        try
        {
            if (State == ResponderState.Announced)
            {
                Answer(query, socket, source);
            }
        }
#pragma warning disable CA1031 // a timer callback must not throw
        catch (Exception ex) when (ex is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            LogPacketFailed(_logger, ex.GetType().Name, ex.Message);
        }
    }

    private void Answer(MdnsPacket query, MdnsSocket socket, IPEndPoint source)
    {
        var plan = AnswerPlanner.Plan(query, RecordsOn(socket));
        if (plan.IsEmpty)
        {
            return;
        }

        if (source.Port != MdnsConstants.Port)
        {
            // §6.7 legacy unicast: reply to the sender directly, with its id and question, short TTLs, no cache-flush bit.
            var capped = (MdnsRecord r) => r with { Ttl = Math.Min(r.Ttl, MdnsConstants.LegacyUnicastMaxTtl), CacheFlush = false };
            var reply = new MdnsPacket(query.Id, true, query.Questions.Select(q => q with { UnicastResponse = false }).ToArray(),
                plan.Answers.Select(capped).ToArray(), [], plan.Additionals.Select(capped).ToArray());
            _ = SendAsync(socket, reply, source, _life.Token);
            return;
        }

        var isProbe = query.Authorities.Count > 0;
        var ownAddress = socket.LocalAddresses.Contains(source.Address);
        // §5.4: QU gets unicast only when we multicast the records recently; otherwise multicast keeps every cache fresh.
        // Never unicast to our own address: several sockets share 5353 here, and only one of them would get it.
        if (!isProbe && !ownAddress && query.Questions.All(q => q.UnicastResponse) && plan.Answers.All(a => _history.Fresh(socket, a)))
        {
            _ = SendAsync(socket, MdnsPacket.Response(plan.Answers, plan.Additionals), source, _life.Token);
            return;
        }

        var answers = isProbe ? plan.Answers : plan.Answers.Where(a => !_history.TooSoon(socket, a)).ToArray();
        if (answers.Count == 0)
        {
            return;
        }

        var delay = plan.HasShared && !isProbe ? TimeSpan.FromMilliseconds(Random.Shared.Next(20, 121)) : TimeSpan.Zero;
        _ = MulticastLaterAsync(socket, MdnsPacket.Response(answers, plan.Additionals), delay);
    }

    private async Task MulticastLaterAsync(MdnsSocket socket, MdnsPacket response, TimeSpan delay)
    {
        try
        {
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, _time, _life.Token).ConfigureAwait(false);
            }

            _history.Note(socket, response.Answers.Concat(response.Additionals));
            await SendAsync(socket, response, null, _life.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
