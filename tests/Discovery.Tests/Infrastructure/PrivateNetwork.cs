using System.Net.NetworkInformation;

namespace ComputeUtility.Discovery.Tests.Infrastructure;

/// <summary>
/// Tests that multicast run only inside the private network namespace that ./test.sh creates: there the
/// only interfaces are lo and the veth pair v0/v1. Anywhere else they fail before sending anything.
/// </summary>
internal static class PrivateNetwork
{
    public const string VethA = "v0";
    public const string VethB = "v1";

    public static void Require()
    {
        var names = NetworkInterface.GetAllNetworkInterfaces().Select(n => n.Name).ToArray();
        var foreign = names.Where(n => n is not ("lo" or VethA or VethB)).ToArray();
        if (Environment.GetEnvironmentVariable("CU_TEST_NETNS") != "1" || foreign.Length > 0)
        {
            throw new InvalidOperationException(
                "This test sends multicast and must run inside the private network namespace of ./test.sh "
                + $"(found interfaces: {string.Join(", ", names)}). Run ./test.sh, not dotnet test on the host.");
        }
    }

    public static void RequireVeth()
    {
        Require();
        var names = NetworkInterface.GetAllNetworkInterfaces().Select(n => n.Name).ToArray();
        if (!names.Contains(VethA) || !names.Contains(VethB))
        {
            throw new InvalidOperationException("IPv6 mDNS needs the veth pair v0/v1 that ./test.sh creates in its namespace (IPv6 multicast does not work on lo).");
        }
    }
}
