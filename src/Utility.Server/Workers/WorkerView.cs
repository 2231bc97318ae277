using ComputeUtility.Server.Problems;

namespace ComputeUtility.Server.Workers;

/// <summary>The worker resource as the API returns it (spec/schemas/worker.schema.json).</summary>
internal sealed record WorkerView(
    string Id,
    string State,
    WorkerView.PackageView Package,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastActivityAt,
    long MemoryBytes,
    long MessagesIn,
    long MessagesOut,
    double CpuTimeMs,
    Problems.ProblemDocument? Failure,
    WorkerView.LinksView Links,
    string? Token = null)
{
    internal sealed record PackageView(string Url, string Integrity, string Name, string Version, string ModuleIntegrity);

    internal sealed record LinksView(string Self, string Channel, string Messages, string Events);

    public static WorkerView Of(Worker worker, HttpRequest request, string? token = null)
    {
        var self = $"/v1/workers/{worker.Id}";
        var wsScheme = request.Scheme == "https" ? "wss" : "ws";
        var manifest = worker.Package.Manifest;
        return new WorkerView(
            worker.Id,
            worker.State.ToString().ToLowerInvariant(),
            new PackageView(worker.Package.ManifestUrl.ToString(), worker.Package.ManifestIntegrity.Text, manifest.Name,
                manifest.Version, worker.Package.ModuleDigest.ToString()),
            worker.CreatedAt,
            worker.LastActivityAt,
            worker.MemoryBytes,
            worker.MessagesIn,
            worker.MessagesOut,
            Math.Round(worker.CpuTimeMs, 3),
            worker.Failure,
            new LinksView(self, $"{wsScheme}://{request.Host.Value}{self}/channel", $"{self}/messages", $"{self}/events"),
            token);
    }
}
