using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ComputeUtility.Discovery.Browsing;
using ComputeUtility.Discovery.Descriptors;
using ComputeUtility.Discovery.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ComputeUtility.Discovery.Tests.Hosting;

/// <summary>The real utility process announces itself while it runs and says goodbye when stopped.</summary>
public sealed class ServerAnnouncementTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_running_utility_is_found_with_a_valid_descriptor_and_lost_after_it_stops()
    {
        PrivateNetwork.Require();
        var server = ServerBinary();
        var port = FreePort();
        var name = "e2e-" + Guid.NewGuid().ToString("n")[..6];
        var cache = Directory.CreateTempSubdirectory("cu-discovery-test");
        await using var browser = UtilityBrowser.Start(new BrowserOptions { Interfaces = ["lo"], IPv6 = false });
        var watch = new BrowserWatch(browser);

        var clock = Stopwatch.StartNew();
        using var process = ExternalProcess.Start("dotnet",
        [
            server, $"--Urls=http://127.0.0.1:{port}", "--Discovery:Interfaces:0=lo", $"--Discovery:InstanceName={name}",
            $"--Packages:CacheDirectory={cache.FullName}", "--Logging:LogLevel:Default=Warning",
        ]);
        try
        {
            var found = await watch.WaitAsync("Found", u => u.InstanceName == name, TimeSpan.FromSeconds(30));
            var startToFound = clock.Elapsed;

            found.Port.Should().Be(port);
            found.DescriptorUri.Should().Be(new Uri($"http://127.0.0.1:{port}/.well-known/compute-utility"));
            using var http = new HttpClient();
            var descriptor = await new DescriptorClient(http).FetchAsync(found);
            descriptor.DescriptorVersion.Should().Be(found.DescriptorVersion, "TXT dv is the descriptor's descriptorVersion");
            descriptor.ApiVersion.Should().Be(found.ApiVersion);

            clock.Restart();
            (await ExternalProcess.RunAsync("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(5))).ExitCode.Should().Be(0);
            await watch.WaitAsync("Lost", u => u.InstanceName == name, TimeSpan.FromSeconds(10));
            output.WriteLine($"measured: utility start to Found {startToFound.TotalMilliseconds:F0} ms; shutdown to Lost {clock.Elapsed.TotalMilliseconds:F0} ms");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            cache.Delete(recursive: true);
        }
    }

    private static string ServerBinary()
    {
        var config = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/')).Parent!.Name; // bin/<Configuration>/net10.0
        var path = Repo.Path("src", "Utility.Server", "bin", config, "net10.0", "ComputeUtility.Server.dll");
        File.Exists(path).Should().BeTrue($"the utility is built before the tests ({path})");
        return path;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
