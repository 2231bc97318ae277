using System.Net.Sockets;

namespace ComputeUtility.Browser.Tests.Hosting;

/// <summary>Under systemd (Type=notify) the utility says READY=1 on the notify socket once it listens.</summary>
public sealed class SystemdNotifyTests
{
    [Fact]
    public async Task Started_as_a_notify_service_the_utility_tells_systemd_it_is_ready()
    {
        var path = Path.Combine(Path.GetTempPath(), $"cu-notify-{Guid.NewGuid():N}.sock");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        try
        {
            await using var utility = await UtilityProcess.StartAsync(new Dictionary<string, string> { ["NOTIFY_SOCKET"] = path });
            var received = new StringBuilder();
            var buffer = new byte[4096];
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (!received.ToString().Contains("READY=1", StringComparison.Ordinal))
            {
                var count = await socket.ReceiveAsync(buffer, SocketFlags.None, bound.Token);
                received.Append(Encoding.UTF8.GetString(buffer, 0, count)).Append('\n');
            }

            received.ToString().Should().Contain("READY=1");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
