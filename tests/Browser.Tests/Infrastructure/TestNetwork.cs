namespace ComputeUtility.Browser.Tests.Infrastructure;

/// <summary>
/// The private test network that tools/netns/run.sh makes: a veth pair whose ends (10.77.1.1, 10.77.1.2) play the LAN.
/// A utility started with --lan listens on every address of that namespace, which has no real interface.
/// </summary>
internal static class TestNetwork
{
    /// <summary>An address of this "machine" that is not loopback: a request to it arrives from a LAN address.</summary>
    public const string LanAddress = "10.77.1.1";

    /// <summary>Fails the test unless it runs inside the namespace: --lan must never listen on a real interface.</summary>
    public static void Require() =>
        Environment.GetEnvironmentVariable("CU_TEST_NETNS").Should().Be("1",
            "this test serves the LAN (--lan) and must run inside the private test network: ./test.sh, or tools/netns/run.sh dotnet test");
}
