using System.Buffers.Binary;
using System.Net;
using System.Text;
using System.Text.Json;
using ComputeUtility.Discovery.Browsing;
using ComputeUtility.Discovery.Cli.NativeHost;

namespace ComputeUtility.Discovery.Tests.Cli.NativeHost;

public sealed class NativeHostSessionTests
{
    private static readonly DiscoveredUtility Desk = new("desk", "desk.local", 8470, [IPAddress.Loopback],
        new Dictionary<string, string?> { ["api"] = "1", ["dv"] = "3" }, "lo");

    [Fact]
    public async Task The_host_says_hello_answers_a_list_request_and_ends_when_the_browser_closes_stdin()
    {
        var (exit, replies, error) = await RunAsync(Frame("""{"type":"list"}"""));

        exit.Should().Be(0);
        error.Should().BeEmpty();
        replies.Select(r => r.GetProperty("type").GetString()).Should().Equal("hello", "list");
        var utility = replies[1].GetProperty("utilities").EnumerateArray().Single();
        utility.GetProperty("name").GetString().Should().Be("desk");
        utility.GetProperty("origin").GetString().Should().Be("http://127.0.0.1:8470");
        utility.GetProperty("descriptorUrl").GetString().Should().Be("http://127.0.0.1:8470/.well-known/compute-utility");
        utility.GetProperty("dv").GetInt64().Should().Be(3);
    }

    [Fact]
    public async Task A_sighting_goes_out_as_one_frame_with_the_utility()
    {
        var output = new MemoryStream();
        var session = new NativeHostSession(new MemoryStream(), output, new StringWriter());

        await session.PublishAsync("lost", Desk, CancellationToken.None);

        var reply = Read(output.ToArray()).Single();
        reply.GetProperty("type").GetString().Should().Be("lost");
        reply.GetProperty("utility").GetProperty("port").GetInt32().Should().Be(8470);
    }

    [Theory]
    [InlineData(0u, "length of 0 bytes is out of range")]
    [InlineData(0x80000000u, "length of 2147483648 bytes is out of range")]
    [InlineData(uint.MaxValue, "length of 4294967295 bytes is out of range")]
    [InlineData(65537u, "length of 65537 bytes is out of range")]
    [InlineData(100u, "ended inside a message (15 of 100 bytes)")]
    public async Task A_bad_length_ends_the_session_with_a_clear_error_and_no_exception(uint length, string expected)
    {
        var header = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(header, length);

        var (exit, replies, error) = await RunAsync([.. header, .. """{"type":"list"}"""u8.ToArray()]);

        exit.Should().Be(1);
        error.Should().Contain(expected);
        replies.Last().GetProperty("type").GetString().Should().Be("error");
        replies.Last().GetProperty("message").GetString().Should().Contain(expected);
    }

    [Fact]
    public async Task A_stream_that_ends_inside_the_length_prefix_is_an_error()
    {
        var (exit, _, error) = await RunAsync([5, 0]);

        exit.Should().Be(1);
        error.Should().Contain("inside a length prefix (2 of 4 bytes)");
    }

    [Theory]
    [InlineData("not json", "is not JSON")]
    [InlineData("[1,2]", "must be a JSON object, not Array")]
    public async Task A_body_that_is_not_a_json_object_is_an_error(string body, string expected)
    {
        var (exit, replies, _) = await RunAsync(Frame(body));

        exit.Should().Be(1);
        replies.Last().GetProperty("message").GetString().Should().Contain(expected);
    }

    [Fact]
    public async Task An_unknown_request_is_answered_with_an_error_and_the_session_goes_on()
    {
        var (exit, replies, _) = await RunAsync([.. Frame("""{"type":"dance"}"""), .. Frame("""{"type":"list"}""")]);

        exit.Should().Be(0);
        replies.Select(r => r.GetProperty("type").GetString()).Should().Equal("hello", "error", "list");
        replies[1].GetProperty("message").GetString().Should().Contain("unknown request type 'dance'");
    }

    private static async Task<(int Exit, List<JsonElement> Replies, string Error)> RunAsync(byte[] input)
    {
        var output = new MemoryStream();
        var error = new StringWriter();
        var session = new NativeHostSession(new MemoryStream(input), output, error);
        var exit = await session.RunAsync(() => [Desk], CancellationToken.None);
        return (exit, Read(output.ToArray()), error.ToString());
    }

    private static byte[] Frame(string json)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var frame = new byte[4 + body.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(frame, (uint)body.Length);
        body.CopyTo(frame, 4);
        return frame;
    }

    private static List<JsonElement> Read(byte[] output)
    {
        var replies = new List<JsonElement>();
        for (var at = 0; at < output.Length;)
        {
            var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(output.AsSpan(at));
            replies.Add(JsonDocument.Parse(output.AsMemory(at + 4, length)).RootElement.Clone());
            at += 4 + length;
        }

        return replies;
    }
}
