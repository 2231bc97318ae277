using System.Diagnostics;

namespace ComputeUtility.Server.Telemetry;

/// <summary>The utility's traces: spans around creating a worker, fetching a package file, compiling a module and restoring a snapshot.</summary>
internal static class UtilityActivities
{
    public const string Name = "ComputeUtility.Server";

    public const string WorkerCreate = "worker.create";
    public const string PackageFetch = "package.fetch";
    public const string ModuleCompile = "module.compile";
    public const string SnapshotRestore = "snapshot.restore";

    public static readonly ActivitySource Source = new(Name);
}
