using ComputeUtility.Server.Faults;
using ComputeUtility.Server.Http;
using ComputeUtility.Server.Problems;

namespace ComputeUtility.Server.Workers;

/// <summary>Finds a worker and checks that the request carries that worker's own token.</summary>
internal sealed class WorkerAccess(WorkerRegistry registry, Faults.FaultSwitch faults)
{
    /// <param name="queryTokenAllowed">The channel and the event stream take the token as <c>access_token</c> too (CU-CHAN-3); nothing else does (CU-WRK-18).</param>
    public Worker Authorize(HttpRequest request, string id, bool queryTokenAllowed = false)
    {
        var worker = registry.Find(id)
            ?? throw new ProblemException(ProblemTypes.NotFound, $"There is no worker '{id}' on this utility.");
        var token = request.BearerToken(queryTokenAllowed);
        if (token is null)
        {
            throw new ProblemException(ProblemTypes.Unauthorized,
                "This worker needs its token: send 'Authorization: Bearer <token>' (or access_token=<token> for WebSocket and EventSource).");
        }

        if (!worker.Token.Matches(token) && !faults.Is(Faults.Fault.SkipTokenCheck))
        {
            throw new ProblemException(ProblemTypes.Unauthorized, "The token does not open this worker.");
        }

        return worker;
    }
}
