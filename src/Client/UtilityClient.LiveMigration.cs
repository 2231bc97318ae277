using System.Text.Json;

namespace ComputeUtility.Client;

/// <summary>Live migration (spec section 13.5): deltas on the source, prepared restores on the destination.</summary>
public sealed partial class UtilityClient
{
    /// <summary>
    /// Takes a delta snapshot of the worker: only the pages changed since <paramref name="baseSnapshot"/>, an earlier snapshot of
    /// the same worker on this utility. The worker keeps running.
    /// </summary>
    public async Task<Snapshot> TakeDeltaSnapshotAsync(Worker worker, Snapshot baseSnapshot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(worker);
        ArgumentNullException.ThrowIfNull(baseSnapshot);
        var json = await SendAsync(HttpMethod.Post, WorkerPath(worker) + "/snapshots", worker.Token,
            Json(new Dictionary<string, string> { ["base"] = baseSnapshot.Id }), cancellationToken).ConfigureAwait(false);
        return json.Deserialize<Snapshot>(JsonSerializerOptions.Web) ?? throw new JsonException("the snapshot is null");
    }

    /// <summary>Asks this utility (the destination) to pull a full snapshot and hold it, not started, for later deltas (<c>POST /v1/restores</c>).</summary>
    public async Task<PreparedRestore> PrepareRestoreAsync(Snapshot snapshot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var json = await SendAsync(HttpMethod.Post, "v1/restores", null, Pull(snapshot, start: false), cancellationToken).ConfigureAwait(false);
        return ParseRestore(json, json.GetProperty("token").GetString()!);
    }

    /// <summary>Applies a delta taken against the restore's last snapshot; the restore still does not run.</summary>
    public async Task<PreparedRestore> ApplyDeltaAsync(PreparedRestore restore, Snapshot delta, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(restore);
        ArgumentNullException.ThrowIfNull(delta);
        var json = await SendAsync(HttpMethod.Post, restore.Url.ToString(), restore.Token, Pull(delta, start: false), cancellationToken).ConfigureAwait(false);
        return ParseRestore(json, restore.Token);
    }

    /// <summary>Applies the last delta and starts the worker, the delta's undelivered messages first; the restore is then gone.</summary>
    public async Task<Worker> StartRestoreAsync(PreparedRestore restore, Snapshot lastDelta, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(restore);
        ArgumentNullException.ThrowIfNull(lastDelta);
        var json = await SendAsync(HttpMethod.Post, restore.Url.ToString(), restore.Token, Pull(lastDelta, start: true), cancellationToken).ConfigureAwait(false);
        return Worker.Parse(json, null, Utility);
    }

    /// <summary>Gives a prepared restore up, freeing its instance on the destination.</summary>
    public async Task DiscardRestoreAsync(PreparedRestore restore, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(restore);
        await SendAsync(HttpMethod.Delete, restore.Url.ToString(), restore.Token, null, cancellationToken).ConfigureAwait(false);
    }

    private static StringContent Pull(Snapshot snapshot, bool start) =>
        Json(new Dictionary<string, object> { ["snapshot"] = snapshot.Url.ToString(), ["token"] = snapshot.Token, ["start"] = start });

    private PreparedRestore ParseRestore(JsonElement json, string token) =>
        new(json.GetProperty("id").GetString()!, json.GetProperty("digest").GetString()!, json.GetProperty("memoryBytes").GetInt64(),
            json.GetProperty("coversMessagesThrough").GetInt64(), json.GetProperty("holdsMessagesThrough").GetInt64(),
            new Uri(Utility, json.GetProperty("url").GetString()), token);
}
