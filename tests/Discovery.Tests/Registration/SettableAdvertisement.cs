using ComputeUtility.Discovery.Hosting;

namespace ComputeUtility.Discovery.Tests.Registration;

/// <summary>The advertisement a test says the utility has; the test changes it (a new dv) while the service runs.</summary>
internal sealed class SettableAdvertisement : IUtilityAdvertisementSource
{
    public UtilityAdvertisement? Now { get; set; }

    public UtilityAdvertisement? Current() => Now;

    public static UtilityAdvertisement At(int port, long dv) =>
        new("Compute Utility", port, [IPAddress.Loopback], "1.0", dv, "/.well-known/compute-utility");
}
