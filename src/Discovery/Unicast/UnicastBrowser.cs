using System.Net;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using ComputeUtility.Discovery.Browsing;
using ComputeUtility.Discovery.Wire;

namespace ComputeUtility.Discovery.Unicast;

/// <summary>
/// Unicast DNS-SD (RFC 6763 §4): browses <c>_compute-utility._tcp.DOMAIN</c> on an ordinary DNS server, for
/// utilities that an access provider or an edge site publishes or that register themselves (CU-DISC-8, CU-DISC-20).
/// PTR → SRV and TXT → A and AAAA; the utilities come back in the order RFC 2782 gives their SRV records (CU-DISC-24).
/// </summary>
public sealed class UnicastBrowser : IDisposable
{
    private readonly DnsClient _client;
    private readonly Random _random;

    /// <param name="server">The DNS server to ask, e.g. the resolver the network handed out.</param>
    /// <param name="timeout">How long one query may take.</param>
    /// <param name="random">Draws the weighted order within one priority; <see cref="Random.Shared"/> when null.</param>
    public UnicastBrowser(IPEndPoint server, TimeSpan? timeout = null, Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        _random = random ?? Random.Shared;
        _client = new DnsClient([server.Address], [new UdpClientTransport(server.Port), new TcpClientTransport(server.Port)],
            disposeTransport: true, queryTimeout: (int)(timeout ?? TimeSpan.FromSeconds(3)).TotalMilliseconds);
    }

    /// <summary>
    /// The utilities published in <paramref name="domain"/>, lowest SRV priority first and, within a priority, in a
    /// weighted random order; instances that do not resolve fully are left out.
    /// </summary>
    public async Task<IReadOnlyList<DiscoveredUtility>> BrowseAsync(string domain, CancellationToken cancellationToken = default)
    {
        var type = MdnsConstants.ServiceType(DomainName.Parse(domain));
        var found = new List<DiscoveredUtility>();
        foreach (var ptr in await AskAsync<PtrRecord>(type, RecordType.Ptr, cancellationToken).ConfigureAwait(false))
        {
            var instance = ptr.PointerDomainName;
            var srv = (await AskAsync<SrvRecord>(instance, RecordType.Srv, cancellationToken).ConfigureAwait(false))
                .OrderBy(r => r.Priority).FirstOrDefault();
            var txt = (await AskAsync<TxtRecord>(instance, RecordType.Txt, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
            if (srv is null || txt is null || instance.LabelCount == 0)
            {
                continue;
            }

            var addresses = new List<IPAddress>();
            addresses.AddRange((await AskAsync<ARecord>(srv.Target, RecordType.A, cancellationToken).ConfigureAwait(false)).Select(a => a.Address));
            addresses.AddRange((await AskAsync<AaaaRecord>(srv.Target, RecordType.Aaaa, cancellationToken).ConfigureAwait(false)).Select(a => a.Address));
            if (addresses.Count == 0)
            {
                continue;
            }

            var parts = txt.TextParts.ToArray();
            found.Add(new DiscoveredUtility(instance.Labels[0], string.Join('.', srv.Target.Labels), srv.Port, addresses,
                TxtParser.Parse(parts is [""] ? [] : parts), domain) { Priority = srv.Priority, Weight = srv.Weight });
        }

        return SrvOrder.Arrange(found, _random);
    }

    private async Task<IEnumerable<T>> AskAsync<T>(DomainName name, RecordType type, CancellationToken cancellationToken)
        where T : DnsRecordBase
    {
        var answer = await _client.ResolveAsync(name, type, RecordClass.INet, null, cancellationToken).ConfigureAwait(false);
        if (answer is null || answer.ReturnCode != ReturnCode.NoError)
        {
            return [];
        }

        return answer.AnswerRecords.OfType<T>().Where(r => r.Name.Equals(name)).ToArray();
    }

    public void Dispose() => ((IDisposable)_client).Dispose();
}
