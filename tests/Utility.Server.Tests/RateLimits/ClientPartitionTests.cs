namespace ComputeUtility.Server.Tests.RateLimits;

public sealed class ClientPartitionTests
{
    [Theory]
    [Requirement("CU-RATE-5")]
    [InlineData("192.0.2.7", "192.0.2.7")]
    [InlineData("::ffff:192.0.2.7", "192.0.2.7")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:3::1", "2001:db8:1:3::/64")]
    [InlineData("::1", "::1")]
    public void CU_RATE_5_clients_are_told_apart_by_address_and_ipv6_clients_by_their_64_prefix(string address, string partition)
    {
        ClientPartition.Of(IPAddress.Parse(address)).Should().Be(partition);
    }
}
