using System.Text;
using ComputeUtility.Server.Access;
using ComputeUtility.Server.Http;
using ComputeUtility.Server.Limits;
using ComputeUtility.Server.Measurements;
using ComputeUtility.Server.Packages;
using ComputeUtility.Server.Problems;
using ComputeUtility.Server.Sandbox;
using ComputeUtility.Server.Storage;
using Microsoft.Extensions.Options;

namespace ComputeUtility.Server.Tasks;

/// <summary>One-shot WASI command runs: args + stdin in; stdout, stderr and exit code out.</summary>
internal static class TaskEndpoints
{
    public static void MapTasks(this IEndpointRouteBuilder app) =>
        app.MapPost("/v1/tasks", RunAsync).CreatesWork()
            .Produces<TaskResult>().ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(413).ProducesProblem(415)
            .ProducesProblem(422).ProducesProblem(429).ProducesProblem(502).ProducesProblem(503);

    private static async Task<IResult> RunAsync(HttpRequest request, PackageResolver resolver, TaskSlots slots,
        WasmRuntime runtime, GuestThreads threads, CacheDirectory cache, LatencyBook latency, Measurements.EstimateBook estimates, ShutdownGate shutdown,
        IOptions<LimitsOptions> limits, Telemetry.UtilityMetrics telemetry, CancellationToken cancellationToken)
    {
        shutdown.ThrowIfStopping();
        var options = limits.Value;
        var body = await JsonBody.ReadAsync<TaskRequest>(request, options.MaxRequestBodyBytes, cancellationToken);
        var stdin = DecodeStdin(body, options.MaxTaskStdinBytes);
        if (body.Args is { } args && args.Any(a => a is null))
        {
            throw new ProblemException(ProblemTypes.InvalidRequest, "'args' must be an array of strings.");
        }

        var packageRequest = PackageRequest.Parse(request, body.Package, body.Integrity);
        var package = await resolver.ResolveAsync(packageRequest, PackageManifest.CommandKind, cancellationToken);
        shutdown.ThrowIfStopping(); // it may have begun while the package was fetched

        var memoryLimit = Math.Min(package.Manifest.Memory?.MaximumBytes ?? options.MaxTaskMemoryBytes, options.MaxTaskMemoryBytes);
        var argv = new List<string> { package.Manifest.Name };
        argv.AddRange(body.Args ?? []);

        using var slot = await slots.EnterAsync(cancellationToken);
        var runner = new CommandRunner(runtime, cache.Sub("scratch"));
        // On a guest thread: the deadline counts from when the command starts there, not from when the request came.
        var outcome = await telemetry.TaskAsync(threads.RunAsync(() => runner.Run(package.Module, argv, stdin, memoryLimit, options.TaskDeadlineMs,
            options.MaxTaskOutputBytes)), ex => ex is GuestFault fault && fault.Type == ProblemTypes.DeadlineExceeded);
        latency.Task.Record(outcome.Duration);
        estimates.Record(package.Partition, package.ManifestIntegrity.Primary.CacheKey, stdin.Length, outcome.Duration);
        return Results.Json(new TaskResult(unchecked((uint)outcome.ExitCode), Encoding.UTF8.GetString(outcome.Stdout),
            Encoding.UTF8.GetString(outcome.Stderr), outcome.StdoutTruncated, outcome.StderrTruncated,
            Math.Round(outcome.Duration.TotalMilliseconds, 3)), JsonDefaults.Options);
    }

    private static byte[] DecodeStdin(TaskRequest body, int maxBytes)
    {
        if (body.Stdin is not null && body.StdinBase64 is not null)
        {
            throw new ProblemException(ProblemTypes.InvalidRequest, "Give stdin either as 'stdin' (text) or 'stdinBase64', not both.");
        }

        byte[] stdin;
        if (body.StdinBase64 is { } base64)
        {
            try
            {
                stdin = Convert.FromBase64String(base64);
            }
            catch (FormatException)
            {
                throw new ProblemException(ProblemTypes.InvalidRequest, "'stdinBase64' is not valid base64.");
            }
        }
        else
        {
            stdin = Encoding.UTF8.GetBytes(body.Stdin ?? "");
        }

        if (stdin.Length > maxBytes)
        {
            throw new ProblemException(ProblemTypes.MessageTooLarge, $"stdin is larger than {maxBytes} bytes.").With("limit", maxBytes);
        }

        return stdin;
    }
}
