using ComputeUtility.Server.Http;
using ComputeUtility.Server.Limits;
using ComputeUtility.Server.Problems;
using ComputeUtility.Server.RateLimits;
using Microsoft.Extensions.Options;

namespace ComputeUtility.Server.Channels;

/// <summary>
/// Caps the event streams and WebSocket channels one client holds open at once (CU-SEC-12): each keeps a connection
/// for as long as its worker lives, so past <see cref="LimitsOptions.MaxEventStreamsPerClient"/> a new one gets
/// <c>429</c> <c>too-many-streams</c>. An endpoint filter, so the slot is held exactly while the stream's handler runs.
/// </summary>
internal sealed class EventStreamSlots(IOptions<LimitsOptions> limits) : IEndpointFilter
{
    private readonly ClientSlots _slots = new(limits.Value.MaxEventStreamsPerClient);

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var client = RateLimits.ClientPartition.Of(context.HttpContext.Connection.RemoteIpAddress);
        if (!_slots.TryTake(client))
        {
            throw new ProblemException(ProblemTypes.TooManyStreams,
                    $"This client has {_slots.Cap} event streams and channels open, as many as this utility allows one client; close one first.")
                .With("limit", _slots.Cap);
        }

        try
        {
            return await next(context);
        }
        finally
        {
            _slots.Return(client);
        }
    }
}
