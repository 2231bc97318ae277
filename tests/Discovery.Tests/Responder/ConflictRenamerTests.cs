namespace ComputeUtility.Discovery.Tests.Responder;

public sealed class ConflictRenamerTests
{
    [Theory]
    [InlineData("Desk", "Desk (2)")]
    [InlineData("Desk (2)", "Desk (3)")]
    [InlineData("Desk (9)", "Desk (10)")]
    [InlineData("Room (A)", "Room (A) (2)")]
    public void A_conflicting_name_gets_the_next_number(string name, string next) =>
        ConflictRenamer.Next(name).Should().Be(next);

    [Theory]
    [InlineData("desk", "desk-2")]
    [InlineData("desk-2", "desk-3")]
    [InlineData("desk-9", "desk-10")]
    [InlineData("desk-a", "desk-a-2")]
    public void A_conflicting_host_name_gets_the_next_number(string label, string next) =>
        ConflictRenamer.NextHost(label).Should().Be(next);

    [Fact]
    public void A_renamed_name_still_fits_one_dns_label()
    {
        ConflictRenamer.Next(new string('x', 63)).Should().HaveLength(63).And.EndWith(" (2)");
        ConflictRenamer.NextHost(new string('x', 63)).Should().HaveLength(63).And.EndWith("-2");
    }

    [Fact]
    public void A_unicode_name_is_cut_at_a_character_boundary_to_fit_63_bytes()
    {
        // 30 three-byte characters and one four-byte one: 94 bytes, cut after 21 characters (63 bytes) or before a split.
        var name = new string('計', 30) + "😀";

        var renamed = ConflictRenamer.Next(name);

        Encoding.UTF8.GetByteCount(renamed).Should().BeLessThanOrEqualTo(63);
        renamed.Should().Be(new string('計', 19) + " (2)", "19 × 3 bytes + 4 bytes of suffix is 61; a 20th character would make 64");
        ConflictRenamer.FitUtf8("ab" + "😀", 5).Should().Be("ab", "the emoji takes four bytes and is not split");
    }
}
