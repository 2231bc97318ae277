using ComputeUtility.Discovery.Responder;

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

    [Fact]
    public void A_renamed_name_still_fits_one_dns_label()
    {
        ConflictRenamer.Next(new string('x', 63)).Should().HaveLength(63).And.EndWith(" (2)");
    }
}
