using System.Net;
using System.Net.Sockets;

namespace ComputeUtility.Bench;

/// <summary>Loopback-only addressing: a free port to start a server on, and a guard against measuring anything but this machine.</summary>
internal static class LoopbackPort
{
    /// <summary>A port the OS just handed out on 127.0.0.1 (released at once; the server binds it next).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Refuses any base URL that is not a literal loopback address: the bench never leaves the box.</summary>
    public static Uri RequireLoopback(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != "http"
            || !IPAddress.TryParse(uri.Host, out var address) || !IPAddress.IsLoopback(address))
        {
            throw new BenchFailure($"--url must be http://127.0.0.1:PORT (loopback only), not '{url}'");
        }

        return new Uri(uri.GetLeftPart(UriPartial.Authority));
    }
}
