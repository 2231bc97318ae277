using System.Net;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using ARSoft.Tools.Net.Dns.DynamicUpdate;

namespace ComputeUtility.Discovery.Registration;

/// <summary>
/// Sends a registration's RFC 2136 updates to the zone's primary server, each signed with the TSIG key (RFC 8945),
/// and says what the server answered: <see cref="ReturnCode.NoError"/> when it applied the update.
/// </summary>
public sealed class DnsRegistrar : IDisposable
{
    private readonly DnsClient _client;
    private readonly DomainName _zone;
    private readonly DomainName _keyName;
    private readonly TSigAlgorithm _algorithm;
    private readonly byte[] _secret;
    private readonly int _ttl;
    private readonly int _lease;
    private readonly TimeProvider _time;

    /// <param name="options">Validated settings (see <see cref="DnsRegistrationOptions"/>).</param>
    /// <param name="time">The clock the TSIG signature is dated by.</param>
    public DnsRegistrar(DnsRegistrationOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _zone = DomainName.Parse(options.EffectiveZone);
        _keyName = DomainName.Parse(options.KeyName);
        _algorithm = TsigAlgorithms.TryParse(options.Algorithm, out var algorithm)
            ? algorithm
            : throw new ArgumentException($"unknown TSIG algorithm {options.Algorithm}", nameof(options));
        _secret = Convert.FromBase64String(options.Secret);
        _ttl = options.TtlSeconds;
        _lease = options.LeaseSeconds;
        _time = time;

        // Updates go over TCP: the message grows with the addresses, and the answer must come from the server asked.
        _client = new DnsClient([IPAddress.Parse(options.Server)], [new TcpClientTransport(options.Port)],
            disposeTransport: true, queryTimeout: options.TimeoutSeconds * 1000);
    }

    /// <summary>Adds (or replaces) the registration's records.</summary>
    public Task<ReturnCode> RegisterAsync(ServiceRegistration registration, CancellationToken cancellationToken = default) =>
        SendAsync(RegistrationUpdates.Register(_zone, registration, _ttl, _lease), cancellationToken);

    /// <summary>Removes the registration's records.</summary>
    public Task<ReturnCode> RemoveAsync(ServiceRegistration registration, CancellationToken cancellationToken = default) =>
        SendAsync(RegistrationUpdates.Remove(_zone, registration), cancellationToken);

    private async Task<ReturnCode> SendAsync(DnsUpdateMessage message, CancellationToken cancellationToken)
    {
        message.TransactionID = (ushort)Random.Shared.Next(ushort.MaxValue + 1);
        message.TSigOptions = new TSigRecord(_keyName, _algorithm, _time.GetUtcNow().UtcDateTime, TimeSpan.FromMinutes(5),
            message.TransactionID, ReturnCode.NoError, null, _secret);
        var answer = await _client.SendUpdateAsync(message, cancellationToken).ConfigureAwait(false);
        if (answer is null)
        {
            throw new TimeoutException($"no answer from the DNS server for zone {_zone}");
        }

        // A refused key comes back unsigned with NOTAUTH and the TSIG error (BADKEY, BADSIG, BADTIME).
        return answer.ReturnCode == ReturnCode.NoError && answer.TSigOptions is { Error: not ReturnCode.NoError } tsig
            ? tsig.Error
            : answer.ReturnCode;
    }

    public void Dispose() => ((IDisposable)_client).Dispose();
}
