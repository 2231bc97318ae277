using System.Diagnostics;

namespace ComputeUtility.Browser.Tests.Migration;

/// <summary>
/// A utility process killed with SIGKILL in the middle of a message stream, as a crash or a power cut
/// would end it: the client's channel breaks at once instead of hanging, and the client continues the
/// worker on a second utility from the snapshot bytes it holds, sending again what the snapshot lacks.
/// </summary>
public sealed class SigkillFailoverTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const int Total = 200;

    [Fact]
    [Requirement("CU-SNAP-16")]
    public async Task CU_SNAP_16_after_a_SIGKILL_mid_stream_the_channel_breaks_at_once_and_the_worker_continues_on_another_utility_from_its_snapshot()
    {
        await using var app = new PageOrigin();
        await using var a = await UtilityProcess.StartAsync("--Packages:AllowedOrigins:0=" + app.Origin, "--Cors:AllowedOrigins:0=" + app.Origin);
        await using var b = await UtilityProcess.StartAsync("--Packages:AllowedOrigins:0=" + app.Origin, "--Cors:AllowedOrigins:0=" + app.Origin);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var package = new { package = app.Origin + "/packages/echo/manifest.json", integrity = Integrity.Of("echo") };
        var (id, token) = await CreateAsync(http, a.Url, JsonContent.Create(package));
        using var channel = await ConnectAsync(a.Url, id, token);
        for (var i = 1; i <= 50; i++)
        {
            await SendAsync(channel, i);
            (await NextReplyAsync(channel)).Should().Be(i);
        }

        var (snapshot, holds) = await DownloadSnapshotAsync(http, a.Url, id, token);
        var sent = 50;
        var replies = 50;
        while (replies < 100)
        {
            await SendAsync(channel, ++sent);
            replies = await NextReplyAsync(channel) ?? replies;
        }

        for (var i = 0; i < 10; i++)
        {
            await SendAsync(channel, ++sent); // in flight when the process dies: their replies are never read here
        }

        a.Kill();
        var clock = Stopwatch.StartNew();
        var broke = await BreaksAsync(channel);
        var noticedAfter = clock.Elapsed;
        output.WriteLine($"SIGKILL after {sent} messages sent and {replies} replies; the channel broke {noticedAfter.TotalMilliseconds:0.0} ms later");

        var (movedId, movedToken) = await CreateAsync(http, b.Url, new ByteArrayContent(snapshot)
        {
            Headers = { ContentType = new MediaTypeHeaderValue("application/vnd.compute-utility.snapshot") },
        });
        using var moved = await ConnectAsync(b.Url, movedId, movedToken);
        var counts = new List<int>();
        for (var i = holds + 1; i <= Total; i++)
        {
            await SendAsync(moved, i); // the replay of holds+1..sent, then new messages
            counts.Add((await NextReplyAsync(moved))!.Value);
        }

        broke.Should().BeTrue("a killed peer resets the TCP connection: the channel ends in an error, not a close handshake");
        holds.Should().Be(50);
        sent.Should().Be(110, "60 messages followed the snapshot, the last 10 unanswered when the process died");
        counts.Should().Equal(Enumerable.Range(holds + 1, Total - holds), "the restored worker counts on from the snapshot, each reply matching its message");
    }

    private static async Task<(string Id, string Token)> CreateAsync(HttpClient http, Uri utility, HttpContent body)
    {
        var response = await http.PostAsync(new Uri(utility, "/v1/workers"), body);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        response.StatusCode.Should().Be(HttpStatusCode.Created, created.ToString());
        return (created.GetProperty("id").GetString()!, created.GetProperty("token").GetString()!);
    }

    private static async Task<(byte[] Bytes, int HoldsMessagesThrough)> DownloadSnapshotAsync(HttpClient http, Uri utility, string id, string token)
    {
        using var take = new HttpRequestMessage(HttpMethod.Post, new Uri(utility, $"/v1/workers/{id}/snapshots"));
        take.Headers.Authorization = new("Bearer", token);
        var snapshot = await (await http.SendAsync(take)).Content.ReadFromJsonAsync<JsonElement>();
        using var pull = new HttpRequestMessage(HttpMethod.Get, snapshot.GetProperty("url").GetString());
        pull.Headers.Authorization = new("Bearer", snapshot.GetProperty("token").GetString());
        var bytes = await (await http.SendAsync(pull)).Content.ReadAsByteArrayAsync();
        return (bytes, snapshot.GetProperty("holdsMessagesThrough").GetInt32());
    }

    private static async Task<ClientWebSocket> ConnectAsync(Uri utility, string id, string token)
    {
        var socket = new ClientWebSocket();
        var uri = new UriBuilder(utility) { Scheme = "ws", Path = $"/v1/workers/{id}/channel", Query = "access_token=" + token }.Uri;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await socket.ConnectAsync(uri, timeout.Token);
        return socket;
    }

    private static Task SendAsync(ClientWebSocket socket, int i) =>
        socket.SendAsync(Encoding.UTF8.GetBytes($$"""{"i":{{i}}}"""), WebSocketMessageType.Text, true, CancellationToken.None);

    /// <summary>The count of the next message event, checked against the message it echoes; null for other events.</summary>
    private static async Task<int?> NextReplyAsync(ClientWebSocket socket)
    {
        while (true)
        {
            var envelope = JsonDocument.Parse(await ReceiveAsync(socket)).RootElement;
            if (envelope.GetProperty("type").GetString() == "message")
            {
                var data = envelope.GetProperty("data");
                data.GetProperty("echo").GetProperty("i").GetInt32().Should().Be(data.GetProperty("count").GetInt32());
                return data.GetProperty("count").GetInt32();
            }
        }
    }

    private static async Task<byte[]> ReceiveAsync(ClientWebSocket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var buffer = new byte[64 * 1024];
        var message = await WebSocketMessage.ReceiveAsync(socket, buffer, timeout.Token);
        return buffer[..message.Length];
    }

    /// <summary>Reads what is left until the channel ends; true when it ended in an error rather than a close frame.</summary>
    private static async Task<bool> BreaksAsync(ClientWebSocket socket)
    {
        try
        {
            while (true)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                var result = await socket.ReceiveAsync(new byte[64 * 1024], timeout.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return false;
                }
            }
        }
        catch (WebSocketException)
        {
            return true;
        }
    }
}
