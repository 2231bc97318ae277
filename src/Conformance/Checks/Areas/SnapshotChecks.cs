using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ComputeUtility.Conformance.Origin;

namespace ComputeUtility.Conformance.Checks.Areas;

/// <summary>Section 13: snapshots and restoring them.</summary>
internal static class SnapshotChecks
{
    private const string MediaType = "application/vnd.compute-utility.snapshot";

    /// <summary>How long the suite waits for a target to refuse an endless snapshot past its memory limit.</summary>
    private static readonly TimeSpan TooBigWait = TimeSpan.FromMinutes(2);

    public static IEnumerable<Check> All()
    {
        yield return new Check("snapshots.not-offered", "Without the snapshots feature, snapshot operations and restores answer 501", "core",
            ["CU-SNAP-2"], async c =>
            {
                if (c.HasFeature("snapshots"))
                {
                    throw Ensure.NotApplicable("the target offers snapshots");
                }

                var worker = await c.CreateWorkerAsync(c.Package("probe"));
                (await c.SendAsync(HttpMethod.Post, worker.Path + "/snapshots", token: worker.Token)).ExpectProblem("not-implemented", 501);
                (await c.SendAsync(HttpMethod.Get, worker.Path + "/snapshots/s-any", token: worker.Token)).ExpectProblem("not-implemented", 501);
                (await c.PostJsonAsync("/v1/workers", new { snapshot = c.Origin.Url("snapshot").ToString(), token = "t" })).ExpectProblem("not-implemented", 501);
            });

        yield return new Check("snapshots.take", "A snapshot is created, protected by its own token, and matches its digest; the worker is unchanged",
            "snapshots", ["CU-SNAP-1", "CU-SNAP-5", "CU-SNAP-7", "CU-SNAP-8"], async c =>
            {
                RequireFeature(c);
                var (worker, channel) = await CountedWorkerAsync(c, 3);
                await using var _ = channel;
                var created = (await c.SendAsync(HttpMethod.Post, worker.Path + "/snapshots", token: worker.Token)).Expect(201);
                Ensure.That(created.Header("Location") is not null, "CU-SNAP-1: 201 needs a Location");
                var snapshot = created.Json;
                await channel.SendTextAsync("""{"op":"count"}""");
                Ensure.Equal(4, (await channel.ReceiveKindAsync("message")).Data.GetProperty("count").GetInt32(), "CU-SNAP-5: the counter after the snapshot");
                var url = snapshot.GetProperty("url").GetString()!;
                (await c.SendAsync(HttpMethod.Get, url, token: worker.Token)).ExpectProblem("unauthorized", 401);
                var bytes = await DownloadAsync(c, url, snapshot.GetProperty("token").GetString()!);
                Ensure.Equal(snapshot.GetProperty("sizeBytes").GetInt64(), (long)bytes.Length, "CU-SNAP-8: size of the snapshot bytes");
                Ensure.Equal(snapshot.GetProperty("digest").GetString(), "sha256-" + Convert.ToBase64String(SHA256.HashData(bytes)), "CU-SNAP-8: digest");
            });

        yield return new Check("snapshots.ended", "A snapshot of an ended worker gets 410", "snapshots", ["CU-SNAP-6"], async c =>
        {
            RequireFeature(c);
            var worker = await c.CreateWorkerAsync(c.Package("probe"));
            (await c.SendAsync(HttpMethod.Delete, worker.Path, token: worker.Token)).Expect(204);
            (await c.SendAsync(HttpMethod.Post, worker.Path + "/snapshots", token: worker.Token)).ExpectProblem("worker-gone", 410);
        });

        yield return new Check("snapshots.restore", "A restored worker continues from the snapshot without _initialize and numbers messages after it",
            "snapshots", ["CU-SNAP-3", "CU-SNAP-4", "CU-SNAP-10", "CU-SNAP-13"], async c =>
            {
                RequireFeature(c);
                var (worker, channel) = await CountedWorkerAsync(c, 5);
                await using var _ = channel;
                var snapshot = (await c.SendAsync(HttpMethod.Post, worker.Path + "/snapshots", token: worker.Token)).Expect(201).Json;
                var restore = new { snapshot = snapshot.GetProperty("url").GetString(), token = snapshot.GetProperty("token").GetString() };
                var restored = (await c.PostJsonAsync("/v1/workers", restore)).Expect(201);
                c.Track(restored);
                var body = restored.Json;
                var copy = new WorkerHandle(body.GetProperty("id").GetString()!, body.GetProperty("token").GetString()!, body);
                var covered = snapshot.GetProperty("coversMessagesThrough").GetInt32();
                Ensure.Equal(covered + 1, (await c.PostMessageAsync(copy, """{"op":"state"}""")).Expect(202).Json.GetProperty("sequence").GetInt32(),
                    "CU-SNAP-13: the first sequence after the restore");
                using var events = await c.OpenEventsAsync(copy);
                var state = await events.NextAsync() ?? throw new CheckFailed("the restored worker's stream ended");
                Ensure.Equal(6, state.Json.GetProperty("count").GetInt32(), "CU-SNAP-4: the counter in the restored memory");
                Ensure.Equal(1, state.Json.GetProperty("initialized").GetInt32(), "CU-SNAP-10: _initialize ran again on restore");
            });

        yield return new Check("snapshots.upload", "Snapshot bytes sent by the client are restored like pulled ones", "snapshots",
            ["CU-SNAP-15"], async c =>
            {
                RequireFeature(c);
                var (worker, channel) = await CountedWorkerAsync(c, 2);
                await using var _ = channel;
                var snapshot = (await c.SendAsync(HttpMethod.Post, worker.Path + "/snapshots", token: worker.Token)).Expect(201).Json;
                var bytes = await DownloadAsync(c, snapshot.GetProperty("url").GetString()!, snapshot.GetProperty("token").GetString()!);
                var content = new ByteArrayContent(bytes);
                content.Headers.ContentType = new(MediaType);
                var restored = (await c.SendAsync(HttpMethod.Post, "/v1/workers", content)).Expect(201);
                c.Track(restored);
                var copy = new WorkerHandle(restored.Json.GetProperty("id").GetString()!, restored.Json.GetProperty("token").GetString()!, restored.Json);
                (await c.PostMessageAsync(copy, """{"op":"count"}""")).Expect(202);
                using var events = await c.OpenEventsAsync(copy);
                var reply = await events.NextAsync() ?? throw new CheckFailed("the restored worker's stream ended");
                Ensure.Equal(3, reply.Json.GetProperty("count").GetInt32(), "CU-SNAP-15: the counter of the uploaded snapshot");
            });

        yield return new Check("snapshots.restore-refusals", "Restores of bad snapshots are refused; snapshot sources are not followed through redirects",
            "snapshots", ["CU-SNAP-9", "CU-SNAP-11", "CU-SNAP-12", "CU-SNAP-14"], async c =>
            {
                RequireFeature(c);
                var probe = c.Package("probe");

                // The package in the header is checked as if the client had named it: integrity, then the origin rule.
                var lying = Craft(probe with { Integrity = "sha256-" + Convert.ToBase64String(SHA256.HashData(Guid.NewGuid().ToByteArray())) }, 131072, []);
                c.Origin.Put("snap/lying-package", new OriginResponse(lying, MediaType));
                (await c.PostJsonAsync("/v1/workers", new { snapshot = c.Origin.Url("snap/lying-package").ToString(), token = "t" }))
                    .ExpectProblem("integrity-mismatch", 422);
                var elsewhere = Craft(probe with { ManifestUrl = new Uri("https://elsewhere.invalid/pkg/probe/manifest.json") }, 131072, []);
                c.Origin.Put("snap/elsewhere", new OriginResponse(elsewhere, MediaType));
                (await c.PostJsonAsync("/v1/workers", new { snapshot = c.Origin.Url("snap/elsewhere").ToString(), token = "t" },
                    configure: r => r.Headers.Add("Origin", c.Origin.Authority))).ExpectProblem("origin-not-allowed", 403);

                var badGlobal = Craft(probe, 131072, [("no_such_global", "i32", "00000001")]);
                c.Origin.Put("snap/bad-global", new OriginResponse(badGlobal, MediaType));
                (await c.PostJsonAsync("/v1/workers", new { snapshot = c.Origin.Url("snap/bad-global").ToString(), token = "t" }))
                    .ExpectProblem("abi-mismatch", 422);

                var tooBig = Craft(probe, c.Limit("maxMemoryBytesPerWorker") + 65536, [], headerOnly: true);
                c.Origin.Put("snap/too-big", new OriginResponse(tooBig, MediaType) { Endless = true });
                // The target may read the endless body up to its cap (the memory limit and more) before it refuses it.
                (await c.PostJsonAsync("/v1/workers", new { snapshot = c.Origin.Url("snap/too-big").ToString(), token = "t" }, timeout: c.TimeoutAfter(TooBigWait)))
                    .ExpectProblem("package-too-large", 422);

                c.Origin.Put("snap/good", new OriginResponse(Craft(probe, 131072, []), MediaType));
                c.Origin.Put("snap/redirect", new OriginResponse([], MediaType) { RedirectTo = c.Origin.Url("snap/good").ToString() });
                (await c.PostJsonAsync("/v1/workers", new { snapshot = c.Origin.Url("snap/redirect").ToString(), token = "t" }))
                    .ExpectProblem("package-fetch-failed", 502);
                Ensure.Equal(0, c.Origin.Hits("snap/good"), "CU-SNAP-14: requests for the redirect target");
            }) { ExtraTime = _ => TooBigWait };

        yield return new Check("snapshots.held-messages", "A snapshot's undelivered messages are held to what the utility would have accepted itself",
            "snapshots", ["CU-SNAP-17"], async c =>
            {
                RequireFeature(c);
                var probe = c.Package("probe");
                var json = "{\"op\":\"count\"}"u8.ToArray();
                async Task RefusedAsync(string name, IReadOnlyList<(byte, ulong, byte[])> held, string problem)
                {
                    c.Origin.Put("snap/" + name, new OriginResponse(Craft(probe, 131072, [], held: held), MediaType));
                    (await c.PostJsonAsync("/v1/workers", new { snapshot = c.Origin.Url("snap/" + name).ToString(), token = "t" }))
                        .ExpectProblem(problem, 422);
                }

                await RefusedAsync("held-not-json", [(0, 1, "not json"u8.ToArray())], "invalid-module");
                await RefusedAsync("held-two-values", [(0, 1, "1 2"u8.ToArray())], "invalid-module");
                await RefusedAsync("held-out-of-order", [(0, 2, json), (0, 1, json)], "invalid-module");
                await RefusedAsync("held-last-sequence", [(0, long.MaxValue, json)], "invalid-module");
                await RefusedAsync("held-oversize", [(1, 1, new byte[c.Limit("maxMessageBytes") + 1])], "package-too-large");
                var queue = c.Limit("maxQueuedMessages");
                if (queue <= 10_000)
                {
                    await RefusedAsync("held-too-many", [.. Enumerable.Range(1, (int)queue + 1).Select(i => ((byte)0, (ulong)i, json))], "package-too-large");
                }

                // The same messages within the limits restore, and the worker numbers the next message after them.
                c.Origin.Put("snap/held-good", new OriginResponse(Craft(probe, 131072, [], held: [(0, 1, json), (0, 2, json)]), MediaType));
                var restored = await c.PostJsonAsync("/v1/workers", new { snapshot = c.Origin.Url("snap/held-good").ToString(), token = "t" });
                restored.Expect(201);
                c.Track(restored);
            });
    }

    private static void RequireFeature(CheckContext c)
    {
        if (!c.HasFeature("snapshots"))
        {
            throw Ensure.NotApplicable("the target does not list the 'snapshots' feature");
        }
    }

    private static async Task<(WorkerHandle, ChannelConnection)> CountedWorkerAsync(CheckContext c, int messages)
    {
        var worker = await c.CreateWorkerAsync(c.Package("probe"));
        var channel = await c.ConnectAsync(worker);
        for (var i = 0; i < messages; i++)
        {
            await channel.SendTextAsync("""{"op":"count"}""");
            await channel.ReceiveKindAsync("message");
        }

        return (worker, channel);
    }

    private static async Task<byte[]> DownloadAsync(CheckContext c, string url, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(c.Session.Target, url));
        request.Headers.Authorization = new("Bearer", token);
        using var response = await c.Session.Http.SendAsync(request);
        Ensure.Equal(200, (int)response.StatusCode, "CU-SNAP-8: GET of the snapshot with its token");
        Ensure.Equal(MediaType, response.Content.Headers.ContentType?.MediaType, "CU-SNAP-8: media type");
        return await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>Snapshot bytes in the format of 13.3 for the probe, with an all-zero memory of <paramref name="memoryBytes"/>.</summary>
    private static byte[] Craft(PublishedPackage package, long memoryBytes, (string Name, string Type, string Bits)[] globals, bool headerOnly = false,
        IReadOnlyList<(byte Kind, ulong Sequence, byte[] Payload)>? held = null)
    {
        var header = JsonSerializer.SerializeToUtf8Bytes(new
        {
            format = "cu-snapshot-1",
            abi = "cu1",
            package = new { url = package.ManifestUrl.ToString(), integrity = package.Integrity, name = package.Name, version = "1.0.0", moduleIntegrity = package.ModuleIntegrity },
            source = new { utility = "conformance-suite", workerId = "w-crafted" },
            createdAt = DateTimeOffset.UtcNow.ToString("O"),
            coversMessagesThrough = 0,
            memoryBytes,
            globals = globals.Select(g => new { name = g.Name, type = g.Type, bits = g.Bits }).ToArray(),
            pendingMessages = held?.Count ?? 0,
        });
        using var bytes = new MemoryStream();
        Span<byte> number = stackalloc byte[8];
        bytes.Write([0x00, 0x63, 0x75, 0x73]);
        BinaryPrimitives.WriteUInt32LittleEndian(number, 1);
        bytes.Write(number[..4]);
        BinaryPrimitives.WriteUInt32LittleEndian(number, (uint)header.Length);
        bytes.Write(number[..4]);
        bytes.Write(header);
        BinaryPrimitives.WriteUInt64LittleEndian(number, (ulong)memoryBytes);
        bytes.Write(number);
        if (!headerOnly)
        {
            // An all-zero memory: no page records; then the undelivered messages (kind, sequence, length, payload).
            BinaryPrimitives.WriteUInt32LittleEndian(number, 0);
            bytes.Write(number[..4]);
            BinaryPrimitives.WriteUInt32LittleEndian(number, (uint)(held?.Count ?? 0));
            bytes.Write(number[..4]);
            foreach (var (kind, sequence, payload) in held ?? [])
            {
                bytes.WriteByte(kind);
                BinaryPrimitives.WriteUInt64LittleEndian(number, sequence);
                bytes.Write(number);
                BinaryPrimitives.WriteUInt32LittleEndian(number, (uint)payload.Length);
                bytes.Write(number[..4]);
                bytes.Write(payload);
            }
        }

        return bytes.ToArray();
    }
}
