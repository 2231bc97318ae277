using System.Net;
using ComputeUtility.Server.Http;
using ComputeUtility.Server.Limits;
using ComputeUtility.Server.RateLimits;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;

namespace ComputeUtility.Server.Hosting;

/// <summary>
/// Kestrel connection middleware that caps the connections one client holds open (CU-SEC-12): past
/// <see cref="LimitsOptions.MaxConnectionsPerClient"/> a new one is closed at once, unanswered, as Kestrel closes one
/// past <see cref="LimitsOptions.MaxConnections"/>, so one client cannot take every slot from the others.
/// A client is an address, or an IPv6 /64, as for rate limits.
/// </summary>
internal sealed class ClientConnectionLimit(IOptions<LimitsOptions> limits)
{
    private readonly ClientSlots _slots = new(limits.Value.MaxConnectionsPerClient);

    public ConnectionDelegate Wrap(ConnectionDelegate next) => async connection =>
    {
        var client = RateLimits.ClientPartition.Of((connection.RemoteEndPoint as IPEndPoint)?.Address);
        if (!_slots.TryTake(client))
        {
            await connection.Transport.Input.CompleteAsync();
            await connection.Transport.Output.CompleteAsync();
            return;
        }

        try
        {
            await next(connection);
        }
        finally
        {
            _slots.Return(client);
        }
    };
}
