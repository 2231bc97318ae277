namespace ComputeUtility.Server.Tests.Migration;

/// <summary>Workers move between two utilities: the destination pulls the snapshot from the source itself.</summary>
public sealed class MigrationTests : IAsyncLifetime
{
    // A message deadline a loaded machine does not reach: the spheres steps are work, not a test of deadlines.
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
    public async Task The_sphere_simulation_migrated_mid_run_ends_bit_identical_to_an_unmigrated_run()
    {
        var spheres = TestPackage.Publish(_origin, "spheres-worker", Repo.Example("spheres/spheres-worker.wasm"), maximumMemory: 16 * 1024 * 1024);
        var unmigrated = await CreatedWorker.CreateAsync(_a, spheres);
        await AskAsync(_a, unmigrated, """{"n":400,"steps":60}""");
        var expected = await AskAsync(_a, unmigrated, """{"steps":60}""");

        var moving = await CreatedWorker.CreateAsync(_a, spheres);
        var halfway = await AskAsync(_a, moving, """{"n":400,"steps":60}""");
        var snapshot = await SnapshotAsync(_a, moving);
        var moved = await RestoreAsync(_b, snapshot);
        var migrated = await AskAsync(_b, moved, """{"steps":60}""");

        halfway.GetProperty("hash").GetString().Should().NotBe(expected.GetProperty("hash").GetString());
        migrated.GetProperty("hash").GetString().Should().Be(expected.GetProperty("hash").GetString());
        migrated.GetProperty("checksum").GetDouble().Should().Be(expected.GetProperty("checksum").GetDouble());
    }

    [Fact]
    public async Task Messages_accepted_but_not_yet_delivered_move_with_the_snapshot_and_come_first()
    {
        // About 20 ms a message: the snapshot is taken while most of the 40 still wait.
        var slow = TestPackage.Publish(_origin, "slower", Guests.Slow(20_000_000));
        var worker = await CreatedWorker.CreateAsync(_a, slow);
        for (var i = 1; i <= 40; i++)
        {
            (await _a.SendAsync(worker.Request(HttpMethod.Post, "/messages", JsonContent.Create(i)))).StatusCode.Should().Be(HttpStatusCode.Accepted);
        }

        var snapshot = await SnapshotAsync(_a, worker);
        var covered = snapshot.GetProperty("coversMessagesThrough").GetInt32();
        covered.Should().BeLessThan(40, "some messages must still be waiting for the test to mean anything");
        var moved = await RestoreAsync(_b, snapshot);
        var next = await _b.SendAsync(moved.Request(HttpMethod.Post, "/messages", JsonContent.Create(41)));

        (await next.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sequence").GetInt32().Should().Be(41, "numbering continues after the moved messages");
        var echoes = await ReadMessagesAsync(_b, moved, 41 - covered);
        echoes.Should().Equal(Enumerable.Range(covered + 1, 41 - covered), "the undelivered messages come first, in order, then the new one");
    }

    [Fact]
    [Requirement("CU-SNAP-7")]
    public async Task CU_SNAP_7_a_snapshot_opens_only_with_its_own_token_never_the_workers()
    {
        var worker = await CreatedWorker.CreateAsync(_a, TestPackage.Publish(_origin, "echo", Repo.Example("echo/echo.wasm")));
        var snapshot = await SnapshotAsync(_a, worker);
        var url = snapshot.GetProperty("url").GetString()!;

        var withWorkerToken = new HttpRequestMessage(HttpMethod.Get, url) { Headers = { Authorization = new("Bearer", worker.Token) } };
        var withOwnToken = new HttpRequestMessage(HttpMethod.Get, url) { Headers = { Authorization = new("Bearer", snapshot.GetProperty("token").GetString()) } };

        await (await _a.SendAsync(withWorkerToken)).ShouldBeProblemAsync("unauthorized", HttpStatusCode.Unauthorized);
        var bytes = await (await _a.SendAsync(withOwnToken)).Content.ReadAsByteArrayAsync();
        bytes.Length.Should().Be(snapshot.GetProperty("sizeBytes").GetInt32());
        TestPackage.Sri(bytes).Should().Be(snapshot.GetProperty("digest").GetString());
    }

    private static async Task<JsonElement> SnapshotAsync(HttpClient client, CreatedWorker worker)
    {
        var response = await client.SendAsync(worker.Request(HttpMethod.Post, "/snapshots"));
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<CreatedWorker> RestoreAsync(HttpClient client, JsonElement snapshot)
    {
        var response = await client.PostAsJsonAsync("/v1/workers",
            new { snapshot = snapshot.GetProperty("url").GetString(), token = snapshot.GetProperty("token").GetString() });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        response.StatusCode.Should().Be(HttpStatusCode.Created, body.ToString());
        return new CreatedWorker(body.GetProperty("id").GetString()!, body.GetProperty("token").GetString()!, body);
    }

    /// <summary>Sends one message over a fresh channel and returns the next message event's data.</summary>
    private async Task<JsonElement> AskAsync(HttpClient client, CreatedWorker worker, string json)
    {
        var baseUri = client == _a ? _source.BaseUri : _destination.BaseUri;
        var before = await LastEventIdAsync(client, worker);
        await using var channel = await ChannelClient.ConnectAsync(baseUri, worker, lastEventId: before);
        await channel.SendJsonAsync(json);
        return (await channel.ReceiveKindAsync("message", TimeSpan.FromSeconds(30))).Data;
    }

    private static async Task<long> LastEventIdAsync(HttpClient client, CreatedWorker worker) =>
        (await (await client.SendAsync(worker.Request(HttpMethod.Get))).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messagesOut").GetInt64();

    private async Task<List<int>> ReadMessagesAsync(HttpClient client, CreatedWorker worker, int count)
    {
        var baseUri = client == _a ? _source.BaseUri : _destination.BaseUri;
        await using var channel = await ChannelClient.ConnectAsync(baseUri, worker);
        var values = new List<int>();
        while (values.Count < count)
        {
            values.Add((await channel.ReceiveKindAsync("message", TimeSpan.FromSeconds(30))).Data.GetInt32());
        }

        return values;
    }
}
