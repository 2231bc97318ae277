namespace ComputeUtility.Browser.Tests.Hosting;

/// <summary>
/// One utility reached three ways (https and http on the LAN address, http on loopback): every link it answers
/// with, and the channel URL above all, keeps the scheme and host the client came in with.
/// </summary>
public sealed class RequestSchemeLinksTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cu-links-").FullName;
    private readonly TestCertificateAuthority _authority = TestCertificateAuthority.Create("Compute Utility links test CA");
    private readonly int _httpsPort = LoopbackPort.Free();
    private UtilityProcess _utility = null!;

    public async Task InitializeAsync()
    {
        TestNetwork.Require();
        using var certificate = _authority.Issue("utility.test", IPAddress.Parse(TestNetwork.LanAddress));
        var (fullChain, privateKey) = _authority.WritePemPair(certificate, _folder);
        _utility = await UtilityProcess.StartAsync("--lan", $"--Lan:CertificatePath={fullChain}", $"--Lan:CertificateKeyPath={privateKey}",
            $"--Lan:HttpsPort={_httpsPort}", "--Lan:AccessTokenFile=" + Path.Combine(_folder, "tokens.json"));
    }

    public async Task DisposeAsync()
    {
        await _utility.DisposeAsync();
        _authority.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Theory]
    [InlineData("https", "lan")]
    [InlineData("http", "lan")]
    [InlineData("http", "loopback")]
    public async Task CU_LNA_3_Links_and_the_channel_url_use_the_scheme_and_host_of_the_request(string scheme, string where)
    {
        var host = where == "lan" ? TestNetwork.LanAddress : "127.0.0.1";
        var port = scheme == "https" ? _httpsPort : _utility.Port;
        var origin = $"{scheme}://{host}:{port}";
        using var handler = new SocketsHttpHandler
        {
            // The test trusts the certificate its own CA issued for the LAN address.
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, cert, _, _) => cert?.Issuer == _authority.Root.Subject },
        };
        using var client = new HttpClient(handler);
        var request = new HttpRequestMessage(HttpMethod.Post, origin + "/v1/workers")
        {
            Content = JsonContent.Create(new { package = origin + "/demo/echo/manifest.json", integrity = Integrity.Of("echo") }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", FirstAccessToken());

        var response = await client.SendAsync(request);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var descriptor = await client.GetFromJsonAsync<JsonElement>(origin + "/.well-known/compute-utility");

        response.StatusCode.Should().Be(HttpStatusCode.Created, body.ToString());
        var links = body.GetProperty("links");
        var self = links.GetProperty("self").GetString()!;
        new Uri(new Uri(origin), response.Headers.Location!).GetLeftPart(UriPartial.Authority).Should().Be(origin);
        new Uri(new Uri(origin), self).GetLeftPart(UriPartial.Authority).Should().Be(origin, "a relative link resolves against the request");
        links.GetProperty("channel").GetString().Should().Be($"{(scheme == "https" ? "wss" : "ws")}://{host}:{port}{self}/channel");
        foreach (var link in descriptor.GetProperty("links").EnumerateObject())
        {
            new Uri(new Uri(origin), link.Value.GetString()).GetLeftPart(UriPartial.Authority).Should().Be(origin, $"descriptor link {link.Name}");
        }
    }

    [Fact]
    public async Task CU_LNA_4_A_lan_client_that_names_the_utility_by_its_local_host_name_is_answered_with_links_on_that_name()
    {
        // The name is given in Host, as a browser that resolved it over multicast DNS would send it.
        var name = Environment.MachineName.ToLowerInvariant() + ".local";
        using var client = new HttpClient();
        var request = new HttpRequestMessage(HttpMethod.Post, $"http://{TestNetwork.LanAddress}:{_utility.Port}/v1/workers")
        {
            Content = JsonContent.Create(new { package = $"http://{name}:{_utility.Port}/demo/echo/manifest.json", integrity = Integrity.Of("echo") }),
        };
        request.Headers.Host = $"{name}:{_utility.Port}";
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", FirstAccessToken());

        var response = await client.SendAsync(request);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        response.StatusCode.Should().Be(HttpStatusCode.Created, body.ToString());
        body.GetProperty("links").GetProperty("channel").GetString().Should().StartWith($"ws://{name}:{_utility.Port}/v1/workers/");
    }

    private string FirstAccessToken() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder, "tokens.json"))).RootElement.EnumerateArray().First().GetProperty("secret").GetString()!;
}
