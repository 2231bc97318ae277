using System.Net.Sockets;
using System.Threading.Channels;

namespace ComputeUtility.Browser.Tests.Infrastructure;

/// <summary>
/// A slow link on loopback: a TCP proxy to a utility that holds every chunk for a fixed delay in
/// each direction, so a round trip costs twice the delay more. Order within a connection is kept.
/// </summary>
public sealed class DelayingProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly TimeSpan _delay;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public DelayingProxy(int targetPort, TimeSpan delay)
    {
        _targetPort = targetPort;
        _delay = delay;
        _listener.Start();
        Origin = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";
        _accepting = Task.Run(AcceptAsync);
    }

    public string Origin { get; }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => RelayAsync(client));
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using var _ = client;
        using var upstream = new TcpClient();
        try
        {
            await upstream.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
            var a = client.GetStream();
            var b = upstream.GetStream();
            await Task.WhenAny(PumpAsync(a, b), PumpAsync(b, a));
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // either side closed
        }
    }

    private async Task PumpAsync(Stream from, Stream to)
    {
        var chunks = Channel.CreateUnbounded<(DateTime Due, byte[] Bytes)>();
        var writing = Task.Run(async () =>
        {
            await foreach (var (due, bytes) in chunks.Reader.ReadAllAsync(_stop.Token))
            {
                var wait = due - DateTime.UtcNow;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, _stop.Token);
                }

                await to.WriteAsync(bytes, _stop.Token);
            }

            to.Close();
        });
        var buffer = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, _stop.Token)) > 0)
            {
                chunks.Writer.TryWrite((DateTime.UtcNow + _delay, buffer[..read]));
            }
        }
        finally
        {
            chunks.Writer.TryComplete();
            await writing;
        }
    }
}
