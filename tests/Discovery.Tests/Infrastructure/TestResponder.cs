using Microsoft.Extensions.Logging.Abstractions;

namespace ComputeUtility.Discovery.Tests.Infrastructure;

/// <summary>Starts responders for tests, each with its own host name so that goodbyes of one never touch another.</summary>
internal static class TestResponder
{
    public static MdnsResponder Create(string instance, ushort port, string @interface = "lo", long dv = 1, bool ipv6 = false, string? hostLabel = null)
    {
        var selection = InterfaceSelector.Select([@interface]);
        var sockets = SocketFactory.Open(selection, ipv4: true, ipv6: ipv6, reason => throw new InvalidOperationException(reason));
        var ad = new ServiceAdvertisement(instance, hostLabel ?? "host-" + Guid.NewGuid().ToString("n")[..8], port,
            TxtKeys.Build("/.well-known/compute-utility", "1.0", dv));
        return new MdnsResponder(sockets, ad, new ResponderOptions(), TimeProvider.System, NullLogger.Instance);
    }

    public static string UniqueName(string stem) => $"{stem} {Guid.NewGuid().ToString("n")[..6]}";
}
