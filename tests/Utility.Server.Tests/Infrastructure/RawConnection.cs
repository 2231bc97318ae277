using System.Diagnostics;

namespace ComputeUtility.Server.Tests.Infrastructure;

/// <summary>A bare TCP connection to the utility, for clients no HTTP library would be: slow, oversized, half-sent.</summary>
internal sealed class RawConnection : IDisposable
{
    private readonly TcpClient _tcp;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private NetworkStream _stream = null!;

    private RawConnection(TcpClient tcp) => _tcp = tcp;

    /// <param name="from">The local address to connect from, to be another client (127.0.0.2); any when null.</param>
    public static async Task<RawConnection> OpenAsync(Uri utility, IPAddress? from = null)
    {
        var connection = new RawConnection(from is null ? new TcpClient() : new TcpClient(new IPEndPoint(from, 0)));
        await connection._tcp.ConnectAsync(utility.Host, utility.Port);
        // Taken once: TcpClient.GetStream throws once a failed send has marked the client disconnected, while the
        // stream can still read what the server sent before it closed (a 408, say).
        connection._stream = connection._tcp.GetStream();
        connection._clock.Restart();
        return connection;
    }

    /// <summary>Time since the connection opened.</summary>
    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>Sends text; false once the server has closed or reset the connection.</summary>
    public async Task<bool> TrySendAsync(string text)
    {
        try
        {
            await _stream.WriteAsync(Encoding.ASCII.GetBytes(text));
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Reads until the server closes the connection or <paramref name="within"/> passes; returns what came and whether it closed.</summary>
    public async Task<(string Text, bool Closed)> ReadUntilClosedAsync(TimeSpan within)
    {
        var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        using var timeout = new CancellationTokenSource(within);
        try
        {
            int read;
            while ((read = await _stream.ReadAsync(buffer, timeout.Token)) > 0)
            {
                received.Write(buffer, 0, read);
            }

            return (Encoding.UTF8.GetString(received.ToArray()), true);
        }
        catch (OperationCanceledException)
        {
            return (Encoding.UTF8.GetString(received.ToArray()), false);
        }
        catch (IOException)
        {
            return (Encoding.UTF8.GetString(received.ToArray()), true);
        }
    }

    /// <summary>Reads one response head and as much body as arrives within <paramref name="within"/>.</summary>
    public async Task<string> ReadResponseAsync(TimeSpan within)
    {
        var received = new StringBuilder();
        var buffer = new byte[16 * 1024];
        using var timeout = new CancellationTokenSource(within);
        try
        {
            int read;
            while ((read = await _stream.ReadAsync(buffer, timeout.Token)) > 0)
            {
                received.Append(Encoding.UTF8.GetString(buffer, 0, read));
                var text = received.ToString();
                var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                if (end >= 0 && HasWholeBody(text, end + 4))
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
        }

        return received.ToString();
    }

    private static bool HasWholeBody(string text, int bodyStart)
    {
        var head = text[..bodyStart];
        var length = head.Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        return length is null
            ? !head.Contains("chunked", StringComparison.OrdinalIgnoreCase) || text.EndsWith("0\r\n\r\n", StringComparison.Ordinal)
            : text.Length - bodyStart >= int.Parse(length["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public void Dispose() => _tcp.Dispose();
}
