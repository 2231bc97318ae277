using ComputeUtility.Server.Messages;

namespace ComputeUtility.Server.Tests.Migration;

public sealed class SnapshotFormatTests
{
    private static readonly SnapshotHeader Header = new()
    {
        Abi = "cu1",
        Package = new SnapshotHeader.PackageInfo { Url = "https://app.example/m.json", Integrity = "sha256-x", ModuleIntegrity = "sha256-y" },
        CoversMessagesThrough = 7,
        MemoryBytes = 4 * 65536,
        Globals = [new SnapshotGlobal("total", "i64", "000000000000002a")],
        PendingMessages = 2,
    };

    [Fact]
    public void Zero_pages_are_left_out_and_everything_else_survives_a_round_trip()
    {
        var memory = new byte[4 * 65536];
        memory[65536 + 5] = 42;
        memory[(3 * 65536) + 65535] = 7;
        InboundMessage[] pending = [new(8, "\"eight\""u8.ToArray(), MessageKind.Json), new(9, new byte[] { 1, 2, 3 }, MessageKind.Binary)];

        var bytes = SnapshotFormat.Write(Header, memory, pending);
        var read = SnapshotFormat.Read(bytes, Limits(1 << 20));

        bytes.Length.Should().BeLessThan(3 * 65536, "two of the four pages are zero");
        read.Pages.Select(p => p.Page).Should().Equal(1, 3);
        read.Bytes.Span[read.Pages[0].Offset + 5].Should().Be(42);
        read.Header.Globals.Should().ContainSingle(g => g.Name == "total" && g.Bits == "000000000000002a");
        read.Pending.Select(m => (m.Sequence, m.Kind, m.Payload.Length)).Should().Equal((8L, MessageKind.Json, 7), (9L, MessageKind.Binary, 3));
    }

    [Fact]
    public void Memory_past_the_limit_is_refused_as_too_large()
    {
        var bytes = SnapshotFormat.Write(Header, new byte[4 * 65536], []);

        var read = () => SnapshotFormat.Read(bytes, Limits(65536));

        read.Should().Throw<ProblemException>().Which.Type.Should().Be(ProblemTypes.PackageTooLarge);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(20)]
    [InlineData(-1)]
    public void Bytes_that_are_not_a_whole_snapshot_are_refused_as_invalid(int cut)
    {
        var bytes = SnapshotFormat.Write(Header, new byte[4 * 65536], []);
        var broken = cut >= 0 ? bytes[..cut] : [.. bytes, 0];

        var read = () => SnapshotFormat.Read(broken, Limits(1 << 20));

        read.Should().Throw<ProblemException>().Which.Type.Should().Be(ProblemTypes.InvalidModule);
    }

    private static LimitsOptions Limits(long memoryBytes) => new() { MaxMemoryBytesPerWorker = memoryBytes };
}
