using System.Globalization;
using ComputeUtility.Server.Problems;

namespace ComputeUtility.Server.Channels;

/// <summary>Where a stream resumes: after the <c>Last-Event-ID</c> header or <c>lastEventId</c> query value, else from the start.</summary>
internal static class ResumePoint
{
    public static long From(HttpRequest request)
    {
        var text = request.Headers["Last-Event-ID"].ToString();
        if (string.IsNullOrEmpty(text))
        {
            text = request.Query["lastEventId"].ToString();
        }

        if (string.IsNullOrEmpty(text))
        {
            return 0;
        }

        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            throw new ProblemException(ProblemTypes.InvalidRequest, $"Last-Event-ID must be an event id (a non-negative integer), not '{text}'.");
        }

        return id;
    }
}
