namespace ComputeUtility.Server.Tests.Infrastructure;

/// <summary>
/// Another client on the same machine: an HttpClient whose connections come from 127.0.0.2, so the utility (on
/// 127.0.0.1) counts it apart from the test's usual client. Every 127.x address is the loopback interface's.
/// </summary>
internal static class SecondClient
{
    public static readonly IPAddress Address = IPAddress.Parse("127.0.0.2");

    public static HttpClient Create(Uri utility) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(Address, 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    })
    { BaseAddress = utility };
}
