using ComputeUtility.Server.Sandbox;
using ComputeUtility.Server.Workers;

namespace ComputeUtility.Server.Migration;

/// <summary>Takes a snapshot of a running worker: the worker pauses between two messages and its state is written in the format of spec 13.3.</summary>
internal static class SnapshotCapture
{
    public static Task<CapturedSnapshot> TakeAsync(Worker worker, CancellationToken cancellationToken) =>
        worker.CaptureAsync(Write, cancellationToken);

    private static CapturedSnapshot Write(WorkerCapture state)
    {
        var package = state.Package;
        var header = new SnapshotHeader
        {
            Abi = GuestAbi.Version,
            Package = new SnapshotHeader.PackageInfo
            {
                Url = package.ManifestUrl.ToString(),
                Integrity = package.ManifestIntegrity.Text,
                Name = package.Manifest.Name,
                Version = package.Manifest.Version,
                ModuleIntegrity = package.ModuleDigest.ToString(),
            },
            Source = new SnapshotHeader.SourceInfo { WorkerId = state.WorkerId },
            CreatedAt = state.At,
            CoversMessagesThrough = state.CoversMessagesThrough,
            CoversEventsThrough = state.CoversEventsThrough,
            MemoryBytes = state.Memory.Length,
            Globals = state.Globals,
            PendingMessages = state.Pending.Count,
        };
        var pending = state.Pending;
        return new CapturedSnapshot(SnapshotFormat.Write(header, state.Memory, pending), header.CoversMessagesThrough,
            header.CoversEventsThrough, pending.Count > 0 ? pending[^1].Sequence : header.CoversMessagesThrough);
    }
}
