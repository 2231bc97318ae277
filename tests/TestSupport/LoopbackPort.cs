using System.Net;
using System.Net.Sockets;

namespace ComputeUtility.TestSupport;

/// <summary>Free ports on the loopback address.</summary>
public static class LoopbackPort
{
    /// <summary>A port the OS just handed out on 127.0.0.1 (released at once; the caller binds it next).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
