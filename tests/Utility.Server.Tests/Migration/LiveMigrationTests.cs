using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ComputeUtility.Server.Tests.Infrastructure;

namespace ComputeUtility.Server.Tests.Migration;

/// <summary>
/// Live migration (spec 13.5): the destination prepares from a full snapshot while the worker keeps running on the source,
/// applies deltas of the pages changed since, and starts with the last one.
/// </summary>
public sealed class LiveMigrationTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string?> Patient = new() { ["Limits:MessageDeadlineMs"] = "10000" };
    private readonly UtilityFactory _source = new(Patient);
    private readonly UtilityFactory _destination = new(Patient);
    private TestOrigin _origin = null!;
    private HttpClient _a = null!;
    private HttpClient _b = null!;

    public async Task InitializeAsync()
    {
        _origin = await TestOrigin.StartAsync();
        _a = _source.Start();
        _b = _destination.Start();
    }

    public async Task DisposeAsync()
    {
        await _source.DisposeAsync();
        await _destination.DisposeAsync();
        await _origin.DisposeAsync();
    }

    [Fact]
    [Requirement("CU-SNAP-20")]
    public async Task CU_SNAP_20_the_sphere_simulation_moved_live_while_it_ran_ends_bit_identical_to_an_unmigrated_run()
    {
        var spheres = TestPackage.Publish(_origin, "spheres-worker", Repo.Example("spheres/spheres-worker.wasm"), maximumMemory: 16 * 1024 * 1024);
        string[] steps = ["""{"n":400,"steps":20}""", """{"steps":20}""", """{"steps":20}""", """{"steps":20}"""];
        var unmigrated = await CreatedWorker.CreateAsync(_a, spheres);
        var expected = new List<JsonElement>();
        foreach (var step in steps)
        {
            expected.Add(await AskAsync(_a, unmigrated, step));
        }

        var moving = await CreatedWorker.CreateAsync(_a, spheres);
        var replies = new List<JsonElement> { await AskAsync(_a, moving, steps[0]) };
        var full = await SnapshotAsync(_a, moving);
        var restore = await PrepareAsync(_b, full);

        // The worker keeps running on the source while the destination holds the base: each delta carries what changed since.
        replies.Add(await AskAsync(_a, moving, steps[1]));
        var first = await SnapshotAsync(_a, moving, full);
        (await ApplyAsync(_b, restore, first, start: false)).StatusCode.Should().Be(HttpStatusCode.OK);
        replies.Add(await AskAsync(_a, moving, steps[2]));
        var last = await SnapshotAsync(_a, moving, first);
        var moved = await StartAsync(_b, restore, last);
        replies.Add(await AskAsync(_b, moved, steps[3]));

        first.GetProperty("base").GetString().Should().Be(full.GetProperty("id").GetString());
        last.GetProperty("pages").GetInt32().Should().BeLessThan(full.GetProperty("pages").GetInt32(), "a delta carries the changed pages only");
        replies.Select(Fingerprint).Should().Equal(expected.Select(Fingerprint));
        (await _b.SendAsync(new HttpRequestMessage(HttpMethod.Post, restore.Path) { Content = JsonContent.Create(new { snapshot = "http://x/", token = "t" }), Headers = { Authorization = new("Bearer", restore.Token) } }))
            .StatusCode.Should().Be(HttpStatusCode.NotFound, "a started restore is gone");
    }

    [Fact]
    [Requirement("CU-SNAP-21")]
    public async Task CU_SNAP_21_after_a_live_move_every_message_is_answered_exactly_once_by_one_side_or_the_other()
    {
        // About 20 ms a message: the last delta is taken while some of the 40 still wait; they move with it.
        var slow = TestPackage.Publish(_origin, "slower", Guests.Slow(20_000_000));
        var worker = await CreatedWorker.CreateAsync(_a, slow);
        var full = await SnapshotAsync(_a, worker);
        var restore = await PrepareAsync(_b, full);
        for (var i = 1; i <= 40; i++)
        {
            (await _a.SendAsync(worker.Request(HttpMethod.Post, "/messages", JsonContent.Create(i)))).StatusCode.Should().Be(HttpStatusCode.Accepted);
        }

        var last = await SnapshotAsync(_a, worker, full);
        var moved = await StartAsync(_b, restore, last);
        var holds = last.GetProperty("holdsMessagesThrough").GetInt32();
        var coveredEvents = last.GetProperty("coversEventsThrough").GetInt64();
        var next = await _b.SendAsync(moved.Request(HttpMethod.Post, "/messages", JsonContent.Create(holds + 1)));
        (await next.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sequence").GetInt32().Should().Be(holds + 1);

        // The client keeps the source's replies through coversEventsThrough, and all of the destination's.
        var fromSource = await ReadMessagesAsync(_source.BaseUri, worker, (int)coveredEvents);
        var fromDestination = await ReadMessagesAsync(_destination.BaseUri, moved, holds + 1 - (int)coveredEvents);
        holds.Should().Be(40);
        fromSource.Concat(fromDestination).Should().Equal(Enumerable.Range(1, 41), "nothing lost, nothing doubled, in order");
    }

    [Fact]
    [Requirement("CU-SNAP-19")]
    public async Task CU_SNAP_19_a_delta_on_another_image_is_refused_and_the_restore_stays_usable()
    {
        var echo = TestPackage.Publish(_origin, "echo", Repo.Example("echo/echo.wasm"));
        var worker = await CreatedWorker.CreateAsync(_a, echo);
        var full = await SnapshotAsync(_a, worker);
        var other = await SnapshotAsync(_a, worker);
        var restore = await PrepareAsync(_b, full);

        var wrongBase = await ApplyAsync(_b, restore, await SnapshotAsync(_a, worker, other), start: false);
        await wrongBase.ShouldBeProblemAsync("invalid-module", (HttpStatusCode)422);
        (await _b.PostAsJsonAsync("/v1/workers", new { snapshot = (await SnapshotAsync(_a, worker, full)).GetProperty("url").GetString(), token = "x" }))
            .StatusCode.Should().NotBe(HttpStatusCode.Created);
        var moved = await StartAsync(_b, restore, await SnapshotAsync(_a, worker, full));
        moved.Id.Should().StartWith("w-");
    }

    [Fact]
    [Requirement("CU-SNAP-22")]
    public async Task CU_SNAP_22_a_restore_opens_only_with_its_own_token()
    {
        var worker = await CreatedWorker.CreateAsync(_a, TestPackage.Publish(_origin, "echo", Repo.Example("echo/echo.wasm")));
        var restore = await PrepareAsync(_b, await SnapshotAsync(_a, worker));
        var delta = await SnapshotAsync(_a, worker, await SnapshotAsync(_a, worker));

        var wrong = new HttpRequestMessage(HttpMethod.Post, restore.Path)
        {
            Content = JsonContent.Create(new { snapshot = delta.GetProperty("url").GetString(), token = delta.GetProperty("token").GetString() }),
            Headers = { Authorization = new("Bearer", worker.Token) },
        };
        await (await _b.SendAsync(wrong)).ShouldBeProblemAsync("unauthorized", HttpStatusCode.Unauthorized);
        (await _b.SendAsync(new HttpRequestMessage(HttpMethod.Delete, restore.Path) { Headers = { Authorization = new("Bearer", restore.Token) } }))
            .StatusCode.Should().Be(HttpStatusCode.NoContent);
    }

    private static string Fingerprint(JsonElement reply) => $"{reply.GetProperty("hash").GetString()} {reply.GetProperty("checksum").GetDouble():R}";

    private static async Task<JsonElement> SnapshotAsync(HttpClient client, CreatedWorker worker, JsonElement? baseSnapshot = null)
    {
        var request = worker.Request(HttpMethod.Post, "/snapshots");
        if (baseSnapshot is { } based)
        {
            request.Content = JsonContent.Create(new { @base = based.GetProperty("id").GetString() });
        }

        var response = await client.SendAsync(request);
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<(string Path, string Token)> PrepareAsync(HttpClient client, JsonElement snapshot)
    {
        var response = await client.PostAsJsonAsync("/v1/restores",
            new { snapshot = snapshot.GetProperty("url").GetString(), token = snapshot.GetProperty("token").GetString() });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        response.StatusCode.Should().Be(HttpStatusCode.Created, body.ToString());
        body.GetProperty("digest").GetString().Should().Be(snapshot.GetProperty("digest").GetString());
        return (response.Headers.Location!.ToString(), body.GetProperty("token").GetString()!);
    }

    private static Task<HttpResponseMessage> ApplyAsync(HttpClient client, (string Path, string Token) restore, JsonElement delta, bool start) =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Post, restore.Path)
        {
            Content = JsonContent.Create(new { snapshot = delta.GetProperty("url").GetString(), token = delta.GetProperty("token").GetString(), start }),
            Headers = { Authorization = new("Bearer", restore.Token) },
        });

    private static async Task<CreatedWorker> StartAsync(HttpClient client, (string Path, string Token) restore, JsonElement delta)
    {
        var response = await ApplyAsync(client, restore, delta, start: true);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        response.StatusCode.Should().Be(HttpStatusCode.Created, body.ToString());
        return new CreatedWorker(body.GetProperty("id").GetString()!, body.GetProperty("token").GetString()!, body);
    }

    private async Task<JsonElement> AskAsync(HttpClient client, CreatedWorker worker, string json)
    {
        var baseUri = client == _a ? _source.BaseUri : _destination.BaseUri;
        var before = (await (await client.SendAsync(worker.Request(HttpMethod.Get))).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messagesOut").GetInt64();
        await using var channel = await ChannelClient.ConnectAsync(baseUri, worker, lastEventId: before);
        await channel.SendJsonAsync(json);
        return (await channel.ReceiveKindAsync("message", TimeSpan.FromSeconds(30))).Data;
    }

    /// <summary>The first <paramref name="count"/> message events of the worker, by event id from the start.</summary>
    private static async Task<List<int>> ReadMessagesAsync(Uri utility, CreatedWorker worker, int count)
    {
        await using var channel = await ChannelClient.ConnectAsync(utility, worker, lastEventId: 0);
        var values = new List<int>();
        while (values.Count < count)
        {
            values.Add((await channel.ReceiveKindAsync("message", TimeSpan.FromSeconds(30))).Data.GetInt32());
        }

        return values;
    }
}
