namespace ComputeUtility.Browser.Tests.Migration;

/// <summary>
/// The sphere physics behind the cubes demo, moved mid-run between two utility processes on
/// loopback: B pulls the snapshot (and the package) from A itself, and the run ends bit-identical.
/// </summary>
public sealed class ProcessMigrationTests
{
    [Fact]
    public async Task The_simulation_migrated_between_two_utility_processes_ends_bit_identical_to_an_unmigrated_run()
    {
        await using var a = await UtilityProcess.StartAsync();
        await using var b = await UtilityProcess.StartAsync("--Packages:AllowPrivateHosts=true");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        var manifest = new Uri(a.Url, "/demo/spheres/worker.manifest.json");
        var integrity = "sha256-" + Convert.ToBase64String(SHA256.HashData(await File.ReadAllBytesAsync(Repo.File("examples", "spheres", "worker.manifest.json"))));

        var unmigrated = await CreateAsync(http, a.Url, new { package = manifest, integrity });
        await AskAsync(a.Url, unmigrated, """{"n":1000,"steps":150}""");
        var expected = await AskAsync(a.Url, unmigrated, """{"steps":150}""");

        var moving = await CreateAsync(http, a.Url, new { package = manifest, integrity });
        await AskAsync(a.Url, moving, """{"n":1000,"steps":150}""");
        using var take = new HttpRequestMessage(HttpMethod.Post, new Uri(a.Url, $"/v1/workers/{moving.Id}/snapshots"));
        take.Headers.Authorization = new("Bearer", moving.Token);
        var snapshot = await (await http.SendAsync(take)).Content.ReadFromJsonAsync<JsonElement>();
        var moved = await CreateAsync(http, b.Url, new { snapshot = snapshot.GetProperty("url").GetString(), token = snapshot.GetProperty("token").GetString() });
        var migrated = await AskAsync(b.Url, moved, """{"steps":150}""");

        migrated.GetProperty("hash").GetString().Should().Be(expected.GetProperty("hash").GetString());
        migrated.GetProperty("steps").GetInt32().Should().Be(expected.GetProperty("steps").GetInt32());
    }

    private static async Task<(string Id, string Token)> CreateAsync(HttpClient http, Uri utility, object body)
    {
        var response = await http.PostAsJsonAsync(new Uri(utility, "/v1/workers"), body);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        response.StatusCode.Should().Be(HttpStatusCode.Created, created.ToString());
        return (created.GetProperty("id").GetString()!, created.GetProperty("token").GetString()!);
    }

    /// <summary>Sends one message on a fresh channel and returns the reply to it (the first message event after the ones already read).</summary>
    private async Task<JsonElement> AskAsync(Uri utility, (string Id, string Token) worker, string message)
    {
        using var socket = new ClientWebSocket();
        var uri = new UriBuilder(utility) { Scheme = "ws", Path = $"/v1/workers/{worker.Id}/channel", Query = $"access_token={worker.Token}&lastEventId={_read.GetValueOrDefault(worker.Id)}" }.Uri;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await socket.ConnectAsync(uri, timeout.Token);
        await socket.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, true, timeout.Token);
        var buffer = new byte[1 << 20];
        while (true)
        {
            var received = await WebSocketMessage.ReceiveAsync(socket, buffer, timeout.Token);
            var envelope = JsonDocument.Parse(buffer.AsMemory(0, received.Length)).RootElement;
            _read[worker.Id] = envelope.GetProperty("id").GetInt64();
            if (envelope.GetProperty("type").GetString() == "message")
            {
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
                return envelope.GetProperty("data").Clone();
            }
        }
    }

    /// <summary>The last event id read per worker, so each ask reads only its own reply.</summary>
    private readonly Dictionary<string, long> _read = [];
}
