namespace ComputeUtility.Discovery.Tests.Interop;

/// <summary>The Avahi daemon that ./test.sh starts inside the namespace (tools/netns/inside.sh).</summary>
internal static class AvahiPeer
{
    public static void Require()
    {
        PrivateNetwork.Require();
        if (Environment.GetEnvironmentVariable("CU_TEST_AVAHI") != "1")
        {
            throw new InvalidOperationException(
                "The Avahi interop tests need an avahi-daemon in the test namespace, which tools/netns/inside.sh starts only as real root "
                + "with avahi-daemon, avahi-utils and dbus installed. Why not here: "
                + (Environment.GetEnvironmentVariable("CU_TEST_AVAHI_WHY") ?? "unknown"));
        }
    }
}
