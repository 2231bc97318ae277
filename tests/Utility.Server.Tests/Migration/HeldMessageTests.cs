using System.Buffers.Binary;
using ComputeUtility.Server.Messages;

namespace ComputeUtility.Server.Tests.Migration;

/// <summary>
/// A restored snapshot's undelivered messages are held to what the utility would have accepted itself: numbered after
/// <c>coversMessagesThrough</c> with room for the next, no more than the queue holds, none too large, JSON ones JSON.
/// </summary>
public sealed class HeldMessageTests : IAsyncLifetime
{
    private readonly UtilityFixture _utility = new(new Dictionary<string, string?>
    {
        ["Limits:MaxQueuedMessages"] = "4",
        ["Limits:MaxMessageBytes"] = "1024",
    });

    private TestPackage _echo = null!;

    public async Task InitializeAsync()
    {
        await _utility.InitializeAsync();
        _echo = TestPackage.Publish(_utility.Origin, "one-page-echo", Guests.Slow(1));
    }

    public Task DisposeAsync() => _utility.DisposeAsync();

    [Fact]
    [Requirement("CU-SNAP-13", "CU-CHAN-9")]
    public async Task CU_SNAP_13_held_messages_within_the_limits_are_restored_and_the_next_message_is_numbered_after_them()
    {
        var response = await RestoreAsync(3, Json(4, "4"), Json(5, "\"five\""), new InboundMessage(6, new byte[1024], MessageKind.Binary));

        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var worker = await response.Content.ReadFromJsonAsync<JsonElement>();
        var post = new HttpRequestMessage(HttpMethod.Post, $"/v1/workers/{worker.GetProperty("id").GetString()}/messages")
        {
            Content = new StringContent("7", Encoding.UTF8, "application/json"),
        };
        post.Headers.Authorization = new AuthenticationHeaderValue("Bearer", worker.GetProperty("token").GetString());
        var accepted = await _utility.Client.SendAsync(post);
        accepted.StatusCode.Should().Be(HttpStatusCode.Accepted, await accepted.Content.ReadAsStringAsync());
        (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sequence").GetInt64().Should().Be(7);
    }

    [Fact]
    [Requirement("CU-CHAN-9", "CU-SNAP-17", "CU-ERR-4")]
    public async Task CU_CHAN_9_a_held_sequence_of_2_to_the_63_minus_1_is_refused_so_the_next_one_cannot_overflow()
    {
        var response = await RestoreAsync(0, Json(long.MaxValue, "1"));

        var problem = await response.ShouldBeProblemAsync("invalid-module", HttpStatusCode.UnprocessableEntity);
        problem.GetProperty("detail").GetString().Should().Contain("sequence");
    }

    [Theory]
    [Requirement("CU-CHAN-9", "CU-SNAP-17")]
    [InlineData(5, 5, 6)]
    [InlineData(5, 7, 6)]
    [InlineData(5, 6, 6)]
    public async Task CU_CHAN_9_held_sequences_that_do_not_increase_after_covers_messages_through_are_refused(long covers, long first, long second)
    {
        var response = await RestoreAsync(covers, Json(first, "1"), Json(second, "2"));

        await response.ShouldBeProblemAsync("invalid-module", HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    [Requirement("CU-CHAN-11", "CU-SNAP-17", "CU-ERR-5")]
    public async Task CU_CHAN_11_more_held_messages_than_max_queued_messages_are_refused_as_too_large()
    {
        var response = await RestoreAsync(0, Enumerable.Range(1, 5).Select(i => Json(i, "1")).ToArray());

        var problem = await response.ShouldBeProblemAsync("package-too-large", HttpStatusCode.UnprocessableEntity);
        problem.GetProperty("limit").GetInt32().Should().Be(4);
    }

    [Fact]
    [Requirement("CU-CHAN-11", "CU-SNAP-17", "CU-ERR-5")]
    public async Task CU_CHAN_11_a_held_message_larger_than_max_message_bytes_is_refused_as_too_large()
    {
        var response = await RestoreAsync(0, new InboundMessage(1, new byte[1025], MessageKind.Binary));

        var problem = await response.ShouldBeProblemAsync("package-too-large", HttpStatusCode.UnprocessableEntity);
        problem.GetProperty("limit").GetInt32().Should().Be(1024);
    }

    [Theory]
    [Requirement("CU-ABI-9", "CU-SNAP-17")]
    [InlineData("not json")]
    [InlineData("1 2")]
    [InlineData("")]
    [InlineData("\uFEFF1")]
    public async Task CU_ABI_9_a_held_json_message_that_is_not_exactly_one_json_value_never_reaches_the_guest(string text)
    {
        var response = await RestoreAsync(0, Json(1, text));

        var problem = await response.ShouldBeProblemAsync("invalid-module", HttpStatusCode.UnprocessableEntity);
        problem.GetProperty("detail").GetString().Should().Contain("JSON");
    }

    [Fact]
    [Requirement("CU-ERR-4", "CU-SNAP-15")]
    public async Task CU_ERR_4_a_snapshot_memory_length_of_2_to_the_64_minus_65536_is_a_422_not_a_500()
    {
        var bytes = SnapshotFormat.Write(Header(0, 0) with { MemoryBytes = -65536 }, new byte[65536], []);
        var at = 12 + (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8));
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(at), ulong.MaxValue - 65535);

        var response = await PostSnapshotAsync(bytes);

        await response.ShouldBeProblemAsync("invalid-module", HttpStatusCode.UnprocessableEntity);
    }

    private static InboundMessage Json(long sequence, string text) => new(sequence, Encoding.UTF8.GetBytes(text), MessageKind.Json);

    private Task<HttpResponseMessage> RestoreAsync(long coversMessagesThrough, params InboundMessage[] held) =>
        PostSnapshotAsync(SnapshotFormat.Write(Header(coversMessagesThrough, held.Length), new byte[65536], held));

    private Task<HttpResponseMessage> PostSnapshotAsync(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(SnapshotFormat.MediaType);
        return _utility.Client.PostAsync("/v1/workers", content);
    }

    private SnapshotHeader Header(long coversMessagesThrough, int held) => new()
    {
        Abi = "cu1",
        Package = new SnapshotHeader.PackageInfo
        {
            Url = _echo.ManifestUrl.ToString(), Integrity = _echo.Integrity, ModuleIntegrity = _echo.ModuleIntegrity,
        },
        CoversMessagesThrough = coversMessagesThrough,
        MemoryBytes = 65536,
        PendingMessages = held,
    };
}
