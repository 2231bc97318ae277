using ComputeUtility.Server.Migration;
using ComputeUtility.Server.Problems;

namespace ComputeUtility.Server.Tests.Migration;

/// <summary>The delta form of spec 13.5: version 2, a base digest, and records for exactly the pages that differ from the base's image.</summary>
public sealed class DeltaSnapshotTests
{
    private const int Page = 65536;

    private static SnapshotHeader Header(long memoryBytes, string? baseDigest = null) => new()
    {
        Abi = "cu1",
        Package = new SnapshotHeader.PackageInfo { Url = "https://app.example/m.json", Integrity = "sha256-x", ModuleIntegrity = "sha256-y" },
        MemoryBytes = memoryBytes,
        Base = baseDigest,
    };

    [Fact]
    public void An_image_holds_the_base_pages_and_a_delta_lays_its_changed_pages_over_them_a_page_that_became_zero_included()
    {
        var memory = new byte[3 * Page];
        memory[5] = 1;
        memory[Page + 5] = 2;
        var image = SnapshotImage.Of(SnapshotFormat.Write(Header(memory.Length), memory, []));

        memory[5] = 0;
        memory[(2 * Page) + 9] = 3;
        var changed = Enumerable.Range(0, 3).Where(p => !image.Holds(p, memory.AsSpan(p * Page, Page))).ToList();
        var delta = SnapshotFormat.Write(Header(memory.Length, "sha256-base"), memory, [], changed);
        var next = SnapshotImage.Of(SnapshotFormat.Write(Header(memory.Length), memory, [])).MemoryBytes;
        var after = image.With(delta);

        changed.Should().Equal(0, 2);
        SnapshotFormat.PageRecords(delta).Pages.Select(p => p.Page).Should().Equal(0, 2);
        Enumerable.Range(0, 3).Select(p => after.Holds(p, memory.AsSpan(p * Page, Page))).Should().OnlyContain(held => held, "the base's image with the delta is the memory");
        after.MemoryBytes.Should().Be(next);
    }

    [Fact]
    public void A_delta_is_version_2_and_names_its_base_and_a_full_snapshot_naming_one_is_malformed()
    {
        var memory = new byte[Page];
        var delta = SnapshotFormat.Write(Header(Page, "sha256-base"), memory, [], []);
        var full = SnapshotFormat.Write(Header(Page), memory, []);
        var forged = (byte[])delta.Clone();
        forged[4] = 1;

        BitConverter.ToUInt32(delta, 4).Should().Be(2);
        BitConverter.ToUInt32(full, 4).Should().Be(1);
        SnapshotFormat.ReadHeader(delta).Base.Should().Be("sha256-base");
        SnapshotFormat.ReadHeader(full).Base.Should().BeNull();
        var read = () => SnapshotFormat.ReadHeader(forged);
        read.Should().Throw<ProblemException>().Which.Type.Should().Be(ProblemTypes.InvalidModule);
    }
}
