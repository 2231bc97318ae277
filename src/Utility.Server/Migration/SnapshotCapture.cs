using ComputeUtility.Server.Problems;
using ComputeUtility.Server.Sandbox;
using ComputeUtility.Server.Workers;

namespace ComputeUtility.Server.Migration;

/// <summary>Takes a snapshot of a running worker: the worker pauses between two messages and its state is written in the format of spec 13.3.</summary>
internal static class SnapshotCapture
{
    public static Task<CapturedSnapshot> TakeAsync(Worker worker, CancellationToken cancellationToken) =>
        worker.CaptureAsync(state => Write(state, null), cancellationToken);

    /// <summary>
    /// Takes a delta snapshot (spec 13.5): while the worker pauses, each page of its memory is compared with the
    /// <paramref name="baseSnapshot"/>'s image and only the pages that differ are written.
    /// </summary>
    public static Task<CapturedSnapshot> TakeDeltaAsync(Worker worker, StoredSnapshot baseSnapshot, CancellationToken cancellationToken) =>
        worker.CaptureAsync(state => Write(state, baseSnapshot), cancellationToken);

    private static CapturedSnapshot Write(WorkerCapture state, StoredSnapshot? baseSnapshot)
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
            Base = baseSnapshot?.Digest,
        };
        var pending = state.Pending;
        var bytes = baseSnapshot is null
            ? SnapshotFormat.Write(header, state.Memory, pending)
            : SnapshotFormat.Write(header, state.Memory, pending, Changed(state.Memory, baseSnapshot.Image));
        return new CapturedSnapshot(bytes, header.CoversMessagesThrough,
            header.CoversEventsThrough, pending.Count > 0 ? pending[^1].Sequence : header.CoversMessagesThrough);
    }

    private static List<int> Changed(ReadOnlySpan<byte> memory, SnapshotImage image)
    {
        if (memory.Length < image.MemoryBytes)
        {
            // WebAssembly memory only grows; a smaller one is not the memory the base was taken of.
            throw new ProblemException(ProblemTypes.InvalidRequest, "The worker's memory is smaller than the base snapshot's.");
        }

        var changed = new List<int>();
        for (var page = 0; page < memory.Length / SnapshotFormat.PageSize; page++)
        {
            if (!image.Holds(page, memory.Slice(page * SnapshotFormat.PageSize, SnapshotFormat.PageSize)))
            {
                changed.Add(page);
            }
        }

        return changed;
    }
}
