using System.Diagnostics;
using System.Security.Cryptography;
using ComputeUtility.Discovery.Registration;
using ComputeUtility.Discovery.Unicast;

namespace ComputeUtility.Discovery.Tests.Infrastructure;

/// <summary>
/// BIND 9 (Debian's named) on a loopback port of the test namespace, primary for the zones it is given, each of which
/// accepts dynamic updates signed with this server's TSIG key (hmac-sha256) and from nobody else.
/// </summary>
internal sealed class BindServer : IAsyncDisposable
{
    public const string KeyName = "cu-test-key";

    private readonly Process _process;
    private readonly DirectoryInfo _dir;

    private BindServer(Process process, DirectoryInfo dir, int port, string secret)
    {
        _process = process;
        _dir = dir;

        // Drained as it comes: named -g logs every update to stderr, and a full pipe would stall it.
        process.ErrorDataReceived += (_, e) => Lines.Enqueue(e.Data ?? "");
        process.OutputDataReceived += (_, e) => Lines.Enqueue(e.Data ?? "");
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        Endpoint = new IPEndPoint(IPAddress.Loopback, port);
        Secret = secret;
    }

    public IPEndPoint Endpoint { get; }

    /// <summary>What named logged.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> Lines { get; } = new();

    /// <summary>The key's secret, base64.</summary>
    public string Secret { get; }

    public static async Task<BindServer> StartAsync(params string[] zones)
    {
        PrivateNetwork.Require();
        var named = ExternalProcess.Which("named") ?? "/usr/sbin/named";
        if (!File.Exists(named))
        {
            throw new InvalidOperationException("This test needs BIND 9's named: apt-get install bind9 (./test.sh installs it when run as root).");
        }

        var dir = Directory.CreateTempSubdirectory("cu-named-update");
        var port = LoopbackUdpPort();
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var zoneStatements = new StringBuilder();
        foreach (var zone in zones)
        {
            await File.WriteAllTextAsync(Path.Combine(dir.FullName, zone + ".zone"), $"""
                $TTL 60
                @   IN SOA ns.{zone}. admin.{zone}. 1 60 60 600 60
                @   IN NS  ns.{zone}.
                ns  IN A   127.0.0.1

                """);
            zoneStatements.AppendLine($$"""zone "{{zone}}" { type primary; file "{{dir.FullName}}/{{zone}}.zone"; allow-update { key "{{KeyName}}"; }; };""");
        }

        var conf = Path.Combine(dir.FullName, "named.conf");
        await File.WriteAllTextAsync(conf, $$"""
            key "{{KeyName}}" { algorithm hmac-sha256; secret "{{secret}}"; };
            options {
              directory "{{dir.FullName}}";
              pid-file "{{dir.FullName}}/named.pid";
              session-keyfile "{{dir.FullName}}/session.key";
              managed-keys-directory "{{dir.FullName}}";
              listen-on port {{port}} { 127.0.0.1; };
              listen-on-v6 { none; };
              recursion no;
              dnssec-validation no;
              allow-query { any; };
            };
            {{zoneStatements}}
            """);
        var process = ExternalProcess.Start(named, ["-g", "-c", conf]);
        var server = new BindServer(process, dir, port, secret);
        await server.WaitUntilAnsweringAsync(zones[0]);
        return server;
    }

    /// <summary>Registration options that reach this server with its key.</summary>
    public DnsRegistrationOptions Options(string domain, string? secret = null) => new()
    {
        Enabled = true,
        Server = Endpoint.Address.ToString(),
        Port = Endpoint.Port,
        Domain = domain,
        KeyName = KeyName,
        Secret = secret ?? Secret,
        TimeoutSeconds = 10,
    };

    public UnicastBrowser Browser() => new(Endpoint, TimeSpan.FromSeconds(2));

    /// <summary>Browses until <paramref name="done"/> holds, with a hang guard; returns the last answer.</summary>
    public async Task<IReadOnlyList<DiscoveredUtility>> BrowseUntilAsync(string domain, Func<IReadOnlyList<DiscoveredUtility>, bool> done, Action? between = null)
    {
        using var browser = Browser();
        var guard = Stopwatch.StartNew();
        while (true)
        {
            var found = await browser.BrowseAsync(domain);
            if (done(found) || guard.Elapsed > TimeSpan.FromSeconds(60) || _process.HasExited)
            {
                _process.HasExited.Should().BeFalse("named must keep running");
                return found;
            }

            between?.Invoke();
            await Task.Delay(50);
        }
    }

    private async Task WaitUntilAnsweringAsync(string zone)
    {
        using var client = new DnsClient([Endpoint.Address], [new UdpClientTransport(Endpoint.Port)], disposeTransport: true, queryTimeout: 1000);
        var guard = Stopwatch.StartNew();
        while (guard.Elapsed < TimeSpan.FromSeconds(60) && !_process.HasExited)
        {
            var answer = await client.ResolveAsync(DomainName.Parse(zone), RecordType.Soa);
            if (answer is { ReturnCode: ReturnCode.NoError } && answer.AnswerRecords.OfType<SoaRecord>().Any())
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new InvalidOperationException("named did not start: " + string.Join('\n', Lines));
    }

    private static int LoopbackUdpPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    public async ValueTask DisposeAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        _dir.Delete(recursive: true);
    }
}
