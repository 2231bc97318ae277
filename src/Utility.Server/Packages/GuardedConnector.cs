using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace ComputeUtility.Server.Packages;

/// <summary>
/// Connects package fetches and refuses internal addresses at connect time, so a DNS name
/// that resolves to a private or metadata address cannot be used to reach it.
/// </summary>
internal sealed class GuardedConnector(IOptions<PackagesOptions> options, OriginPolicy origins)
{
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var endpoint = context.DnsEndPoint;
        var addresses = IPAddress.TryParse(endpoint.Host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(endpoint.Host, cancellationToken);
        if (!options.Value.AllowPrivateHosts && !origins.IsAllowListed(endpoint.Host, endpoint.Port))
        {
            addresses = addresses.Where(a => !AddressPolicy.IsInternal(a)).ToArray();
            if (addresses.Length == 0)
            {
                throw new HttpRequestException(HttpRequestError.ConnectionError,
                    $"{endpoint.Host} resolves only to internal addresses, which the utility does not fetch from.");
            }
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, endpoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
