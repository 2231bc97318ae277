using System.Text.Json;
using ComputeUtility.Server.Faults;

namespace ComputeUtility.Server.Problems;

/// <summary>Writes problem+json responses; the one place that knows the media type.</summary>
internal static class ProblemWriter
{
    public const string MediaType = "application/problem+json";

    public static Task WriteAsync(HttpContext context, ProblemType type, string? detail,
        IReadOnlyDictionary<string, object?>? extensions = null, int? retryAfterSeconds = null,
        IReadOnlyDictionary<string, string>? headers = null)
    {
        var response = context.Response;
        if (response.HasStarted)
        {
            return Task.CompletedTask;
        }

        response.Clear();
        response.StatusCode = type.Status;
        response.ContentType = context.RequestServices.GetService<FaultSwitch>()?.Is(Fault.PlainErrors) == true ? "text/plain" : MediaType;
        if (retryAfterSeconds is { } seconds)
        {
            response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            response.Headers[name] = value;
        }

        if (type == ProblemTypes.Unauthorized)
        {
            response.Headers.WWWAuthenticate = "Bearer realm=\"compute-utility\"";
        }

        var document = ProblemDocument.From(type, detail, context.Request.Path.Value, extensions);
        return JsonSerializer.SerializeAsync(response.Body, document, JsonDefaults.Options, context.RequestAborted);
    }

    public static Task WriteAsync(HttpContext context, ProblemException problem) =>
        WriteAsync(context, problem.Type, problem.Message, problem.Extensions, problem.RetryAfterSeconds, problem.Headers);

    /// <summary>An endpoint result for a problem.</summary>
    public static IResult Result(ProblemType type, string detail) => new ProblemResult(new ProblemException(type, detail));

    private sealed class ProblemResult(ProblemException problem) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => WriteAsync(httpContext, problem);
    }
}
