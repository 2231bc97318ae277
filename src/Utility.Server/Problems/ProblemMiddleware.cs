using ComputeUtility.Server.Logging;

namespace ComputeUtility.Server.Problems;

/// <summary>
/// Turns every failure into problem+json: problems thrown by handlers, Kestrel's bad-request
/// errors (body too large, malformed framing), and bare 404/405 answers from routing.
/// </summary>
internal sealed partial class ProblemMiddleware(RequestDelegate next, ILogger<ProblemMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (ProblemException problem)
        {
            await ProblemWriter.WriteAsync(context, problem);
            return;
        }
        catch (Exception fault) when (fault is IProblemSource source)
        {
            await ProblemWriter.WriteAsync(context, source.ToProblem());
            return;
        }
        catch (BadHttpRequestException bad)
        {
            var type = bad.StatusCode switch
            {
                StatusCodes.Status413PayloadTooLarge => ProblemTypes.MessageTooLarge,
                StatusCodes.Status408RequestTimeout => ProblemTypes.RequestTimeout, // a body slower than limits.minRequestBodyBytesPerSecond
                _ => ProblemTypes.InvalidRequest,
            };
            await ProblemWriter.WriteAsync(context, type, bad.Message);
            return;
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex)
        {
            LogUnhandled(logger, ex, context.Request.Method, context.Request.Path);
            await ProblemWriter.WriteAsync(context, ProblemTypes.InternalError,
                "The utility hit an unexpected error; it has been logged.");
            return;
        }

        if (context.Response.HasStarted || context.Response.ContentLength > 0 || context.Response.ContentType is not null)
        {
            return;
        }

        switch (context.Response.StatusCode)
        {
            case StatusCodes.Status404NotFound:
                await ProblemWriter.WriteAsync(context, ProblemTypes.NotFound, $"Nothing is at {context.Request.Path}.");
                break;
            case StatusCodes.Status405MethodNotAllowed:
                var allow = context.Response.Headers.Allow.ToString();
                await ProblemWriter.WriteAsync(context, ProblemTypes.MethodNotAllowed,
                    $"{context.Request.Method} is not allowed on {context.Request.Path}; allowed: {allow}.",
                    headers: new Dictionary<string, string> { ["Allow"] = allow });
                break;
            case StatusCodes.Status415UnsupportedMediaType:
                await ProblemWriter.WriteAsync(context, ProblemTypes.UnsupportedMediaType, "Send application/json.");
                break;
        }
    }

    [LoggerMessage(EventId = LogEvents.UnhandledError, Level = LogLevel.Error, Message = "Unhandled error on {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, PathString path);
}
