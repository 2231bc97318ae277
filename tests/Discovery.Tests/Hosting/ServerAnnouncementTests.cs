using System.Diagnostics;
using ComputeUtility.Discovery.Descriptors;
using ComputeUtility.TestSupport;

namespace ComputeUtility.Discovery.Tests.Hosting;

/// <summary>The real utility process announces itself while it runs and says goodbye when stopped.</summary>
public sealed class ServerAnnouncementTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_running_utility_is_found_with_a_valid_descriptor_and_lost_after_it_stops()
    {
        PrivateNetwork.Require();
        var name = "e2e-" + Guid.NewGuid().ToString("n")[..6];
        await using var browser = UtilityBrowser.Start(new BrowserOptions { Interfaces = ["lo"], IPv6 = false });
        var watch = new BrowserWatch(browser);

        var clock = Stopwatch.StartNew();
        await using var utility = await UtilityProcess.StartAsync(
            "--Discovery:Enabled=true", "--Discovery:Interfaces:0=lo", $"--Discovery:InstanceName={name}", "--Logging:LogLevel:Default=Warning");
        var found = await watch.WaitAsync("Found", u => u.InstanceName == name, TimeSpan.FromSeconds(30));
        var startToFound = clock.Elapsed;

        found.Port.Should().Be(utility.Port);
        found.DescriptorUri.Should().Be(new Uri($"{utility.Origin}/.well-known/compute-utility"));
        using var http = new HttpClient();
        var descriptor = await new DescriptorClient(http).FetchAsync(found);
        descriptor.DescriptorVersion.Should().Be(found.DescriptorVersion, "TXT dv is the descriptor's descriptorVersion");
        descriptor.ApiVersion.Should().Be(found.ApiVersion);

        clock.Restart();
        utility.Terminate();
        await watch.WaitAsync("Lost", u => u.InstanceName == name, TimeSpan.FromSeconds(10));
        output.WriteLine($"measured: utility start to Found {startToFound.TotalMilliseconds:F0} ms; shutdown to Lost {clock.Elapsed.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public async Task A_utility_with_the_owners_certificate_announces_its_https_port_with_scheme_https_and_serves_the_descriptor_there()
    {
        PrivateNetwork.Require();
        var httpsPort = LoopbackPort.Free();
        var name = "tls-" + Guid.NewGuid().ToString("n")[..6];
        var folder = Directory.CreateTempSubdirectory("cu-discovery-tls");
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=utility.test", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
        var names = new System.Security.Cryptography.X509Certificates.SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var certPath = Path.Combine(folder.FullName, "fullchain.pem");
        var keyPath = Path.Combine(folder.FullName, "privkey.pem");
        await File.WriteAllTextAsync(certPath, certificate.ExportCertificatePem());
        await File.WriteAllTextAsync(keyPath, key.ExportPkcs8PrivateKeyPem());
        await using var browser = UtilityBrowser.Start(new BrowserOptions { Interfaces = ["lo"], IPv6 = false });
        var watch = new BrowserWatch(browser);

        // --lan inside the test namespace: every address there is loopback or the private veth pair.
        await using var utility = await UtilityProcess.StartAsync(
            "--lan", $"--Lan:HttpsPort={httpsPort}", $"--Lan:CertificatePath={certPath}", $"--Lan:CertificateKeyPath={keyPath}",
            "--Lan:AccessTokenFile=" + Path.Combine(folder.FullName, "tokens.json"), "--Discovery:Enabled=true",
            "--Discovery:Interfaces:0=lo", $"--Discovery:InstanceName={name}", "--Logging:LogLevel:Default=Warning");
        try
        {
            var found = await watch.WaitAsync("Found", u => u.InstanceName == name, TimeSpan.FromSeconds(30));

            found.Port.Should().Be(httpsPort);
            found.Txt.Should().Contain("scheme", "https");
            found.Scheme.Should().Be("https");
            found.DescriptorUri.Should().Be(new Uri($"https://127.0.0.1:{httpsPort}/.well-known/compute-utility"));
            using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, cert, _, _) => cert?.Thumbprint == certificate.Thumbprint };
            using var http = new HttpClient(handler);
            var descriptor = await new DescriptorClient(http).FetchAsync(found);
            descriptor.DescriptorVersion.Should().Be(found.DescriptorVersion);
        }
        finally
        {
            await utility.DisposeAsync();
            folder.Delete(recursive: true);
        }
    }
}
