using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json;

namespace ComputeUtility.Conformance.Checks.Areas;

/// <summary>Section 13.5: delta snapshots and prepared restores, for utilities that list <c>snapshots.live</c>.</summary>
internal static class LiveMigrationChecks
{
    private const string Feature = "snapshots.live";
    private const int PageSize = 65536;

    public static IEnumerable<Check> All()
    {
        yield return new Check("snapshots.live-not-offered", "Without the snapshots.live feature, prepared restores answer 501", "core",
            ["CU-SNAP-25"], async c =>
            {
                if (c.HasFeature(Feature))
                {
                    throw Ensure.NotApplicable("the target offers live migration");
                }

                (await c.PostJsonAsync("/v1/restores", new { snapshot = c.Origin.Url("snapshot").ToString(), token = "t" })).ExpectProblem("not-implemented", 501);
                (await c.PostJsonAsync("/v1/restores/r-any", new { snapshot = c.Origin.Url("snapshot").ToString(), token = "t" }, token: "t"))
                    .ExpectProblem("not-implemented", 501);
                (await c.SendAsync(HttpMethod.Delete, "/v1/restores/r-any", token: "t")).ExpectProblem("not-implemented", 501);
            });

        yield return new Check("snapshots.live-delta", "A delta holds exactly the pages changed since its base; an unknown base is 404", "snapshots",
            ["CU-SNAP-18", "CU-SNAP-20", "CU-SNAP-27"], async c =>
            {
                RequireFeature(c);
                var worker = await c.CreateWorkerAsync(c.Package("probe"));
                await using var channel = await c.ConnectAsync(worker);
                await CountAsync(channel, 2);
                var full = await SnapshotAsync(c, worker, null);
                await CountAsync(channel, 3);
                var delta = await SnapshotAsync(c, worker, full);
                var after = await SnapshotAsync(c, worker, null);
                Ensure.Equal(full.GetProperty("id").GetString(), delta.TryGetProperty("base", out var b) ? b.GetString() : null, "CU-SNAP-18: the delta's base");

                var baseBytes = await DownloadAsync(c, full);
                var deltaBytes = await DownloadAsync(c, delta);
                var afterBytes = await DownloadAsync(c, after);
                Ensure.Equal(2u, BinaryPrimitives.ReadUInt32LittleEndian(deltaBytes.AsSpan(4)), "CU-SNAP-18: the delta's format version");
                Ensure.Equal(full.GetProperty("digest").GetString(), Header(deltaBytes).GetProperty("base").GetString(), "CU-SNAP-18: the header's base");

                // Nothing ran between the delta and the full snapshot after it: the base with the delta laid over it is that memory.
                var rebuilt = Image(baseBytes);
                foreach (var (page, contents) in Pages(deltaBytes))
                {
                    rebuilt[page] = contents;
                }

                var expected = Image(afterBytes);
                var pages = Math.Max(rebuilt.Count, expected.Count);
                Ensure.That(Enumerable.Range(0, pages).All(p => rebuilt.GetValueOrDefault(p, Zero).AsSpan().SequenceEqual(expected.GetValueOrDefault(p, Zero))),
                    "CU-SNAP-20: the base's image with the delta's pages is not the memory a full snapshot taken at once holds");

                (await c.PostJsonAsync(worker.Path + "/snapshots", new { @base = "s-no-such-snapshot" }, token: worker.Token)).ExpectProblem("not-found", 404);
            });

        yield return new Check("snapshots.live-move", "A restore prepared from a full snapshot takes deltas and starts with the last one",
            "snapshots", ["CU-SNAP-19", "CU-SNAP-21", "CU-SNAP-22", "CU-SNAP-23", "CU-SNAP-24"], async c =>
            {
                RequireFeature(c);
                var worker = await c.CreateWorkerAsync(c.Package("probe"));
                await using var channel = await c.ConnectAsync(worker);
                await CountAsync(channel, 2);
                var full = await SnapshotAsync(c, worker, null);
                var prepared = (await c.PostJsonAsync("/v1/restores", Pull(full))).Expect(201);
                var location = prepared.Header("Location") ?? throw new CheckFailed("CU-SNAP-23: 201 needs a Location");
                Ensure.That(new Uri(c.Session.Target, location).AbsolutePath.StartsWith("/v1/restores/", StringComparison.Ordinal), "CU-SNAP-23: Location names /v1/restores/{id}");
                var restoreToken = prepared.Json.TryGetProperty("token", out var t) ? t.GetString()! : throw new CheckFailed("CU-SNAP-23: the Restore has no token");
                Ensure.Equal(full.GetProperty("digest").GetString(), prepared.Json.GetProperty("digest").GetString(), "CU-SNAP-23: the restore's digest");

                await CountAsync(channel, 1);
                var first = await SnapshotAsync(c, worker, full);
                (await c.PostJsonAsync(location, Pull(first), token: worker.Token)).ExpectProblem("unauthorized", 401);
                (await c.PostJsonAsync(location, Pull(first), token: first.GetProperty("token").GetString())).ExpectProblem("unauthorized", 401);
                var offBase = await SnapshotAsync(c, worker, first);
                (await c.PostJsonAsync(location, Pull(offBase), token: restoreToken)).ExpectProblem("invalid-module", 422);
                (await c.PostJsonAsync("/v1/workers", Pull(first))).ExpectProblem("invalid-module", 422);
                var applied = (await c.PostJsonAsync(location, Pull(first), token: restoreToken)).Expect(200);
                Ensure.Equal(first.GetProperty("digest").GetString(), applied.Json.GetProperty("digest").GetString(), "CU-SNAP-24: the digest after a delta");

                await CountAsync(channel, 1);
                var last = await SnapshotAsync(c, worker, first);
                var started = (await c.PostJsonAsync(location, new { snapshot = last.GetProperty("url").GetString(), token = last.GetProperty("token").GetString(), start = true },
                    token: restoreToken)).Expect(201);
                c.Track(started);
                var moved = new WorkerHandle(started.Json.GetProperty("id").GetString()!, started.Json.GetProperty("token").GetString()!, started.Json);
                Ensure.Equal(last.GetProperty("holdsMessagesThrough").GetInt32() + 1,
                    (await c.PostMessageAsync(moved, """{"op":"state"}""")).Expect(202).Json.GetProperty("sequence").GetInt32(), "CU-SNAP-21: the first sequence after the move");
                using var events = await c.OpenEventsAsync(moved);
                var state = await events.NextAsync() ?? throw new CheckFailed("the moved worker's stream ended");
                Ensure.Equal(5, state.Json.GetProperty("count").GetInt32(), "CU-SNAP-24: the counter of the base with both deltas");
                Ensure.Equal(1, state.Json.GetProperty("initialized").GetInt32(), "CU-SNAP-24: _initialize ran again on the move");
                (await c.PostJsonAsync(location, Pull(last), token: restoreToken)).ExpectProblem("not-found", 404);
            });
    }

    private static readonly byte[] Zero = new byte[PageSize];

    private static object Pull(JsonElement snapshot) => new { snapshot = snapshot.GetProperty("url").GetString(), token = snapshot.GetProperty("token").GetString() };

    private static void RequireFeature(CheckContext c)
    {
        if (!c.HasFeature("snapshots") || !c.HasFeature(Feature))
        {
            throw Ensure.NotApplicable($"not implemented: the target does not list the '{Feature}' feature");
        }
    }

    private static async Task CountAsync(ChannelConnection channel, int messages)
    {
        for (var i = 0; i < messages; i++)
        {
            await channel.SendTextAsync("""{"op":"count"}""");
            await channel.ReceiveKindAsync("message");
        }
    }

    private static async Task<JsonElement> SnapshotAsync(CheckContext c, WorkerHandle worker, JsonElement? baseSnapshot)
    {
        var answer = baseSnapshot is { } based
            ? await c.PostJsonAsync(worker.Path + "/snapshots", new { @base = based.GetProperty("id").GetString() }, token: worker.Token)
            : await c.SendAsync(HttpMethod.Post, worker.Path + "/snapshots", token: worker.Token);
        return answer.Expect(201).Json;
    }

    private static async Task<byte[]> DownloadAsync(CheckContext c, JsonElement snapshot)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(c.Session.Target, snapshot.GetProperty("url").GetString()));
        request.Headers.Authorization = new("Bearer", snapshot.GetProperty("token").GetString());
        using var response = await c.Session.Http.SendAsync(request);
        Ensure.Equal(200, (int)response.StatusCode, "CU-SNAP-8: GET of the snapshot with its token");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Ensure.Equal(snapshot.GetProperty("digest").GetString(), "sha256-" + Convert.ToBase64String(SHA256.HashData(bytes)), "CU-SNAP-8: digest");
        return bytes;
    }

    private static JsonElement Header(byte[] bytes)
    {
        var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8));
        return JsonDocument.Parse(bytes.AsMemory(12, length)).RootElement.Clone();
    }

    /// <summary>The page records of snapshot bytes in the format of 13.3: page index and contents.</summary>
    private static IEnumerable<(int Page, byte[] Contents)> Pages(byte[] bytes)
    {
        var at = 12 + (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8));
        var count = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 8));
        at += 12;
        for (var i = 0; i < count; i++)
        {
            yield return ((int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at)), bytes.AsSpan(at + 4, PageSize).ToArray());
            at += 4 + PageSize;
        }
    }

    private static Dictionary<int, byte[]> Image(byte[] bytes) => Pages(bytes).ToDictionary(p => p.Page, p => p.Contents);
}
