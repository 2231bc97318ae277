namespace ComputeUtility.Server.Tests.Security;

/// <summary>
/// Server-side request forgery: with the default configuration no package URL — however its
/// address is spelled, whatever name resolves to it, wherever the origin redirects — makes the
/// utility connect to an internal address. Internal services are stood in for by a loopback
/// listener that counts connections; nothing is ever sent to a real internal address.
/// </summary>
public sealed class SsrfTests : IAsyncLifetime
{
    private readonly ConnectionRecorder _internal = new();
    private readonly AllowListedOriginUtility _utility = new();

    private TestOrigin Origin => _utility.Origin;

    private UtilityFactory Factory => _utility.Factory;

    private HttpClient Client => _utility.Client;

    public Task InitializeAsync() => _utility.InitializeAsync();

    public async Task DisposeAsync()
    {
        await _utility.DisposeAsync();
        _internal.Dispose();
    }

    [Theory]
    [Requirement("CU-ORIG-3")]
    [InlineData("http://2130706433:{port}/m.json")]          // 127.0.0.1 as one decimal number
    [InlineData("http://0x7f.1:{port}/m.json")]              // hexadecimal, short form
    [InlineData("http://0x7f000001:{port}/m.json")]
    [InlineData("http://017700000001:{port}/m.json")]        // octal
    [InlineData("http://0177.0.0.1:{port}/m.json")]
    [InlineData("http://127.1:{port}/m.json")]
    [InlineData("http://127.0.0.2:{port}/m.json")]
    [InlineData("http://LOCALHOST:{port}/m.json")]
    [InlineData("http://app.localhost:{port}/m.json")]
    [InlineData("http://[::ffff:7f00:1]:{port}/m.json")]     // IPv4-mapped, hex
    [InlineData("http://[0:0:0:0:0:ffff:127.0.0.1]:{port}/m.json")]
    [InlineData("http://[::127.0.0.1]:{port}/m.json")]       // IPv4-compatible (deprecated, ::/96)
    [InlineData("http://[64:ff9b::7f00:1]:{port}/m.json")]   // NAT64 of 127.0.0.1
    [InlineData("http://[2002:7f00:1::1]:{port}/m.json")]    // 6to4 of 127.0.0.1
    [InlineData("http://[0:0:0:0:0:0:0:1]:{port}/m.json")]
    [InlineData("http://0:{port}/m.json")]                   // 0.0.0.0
    public async Task CU_ORIG_3_a_loopback_address_in_any_spelling_is_refused_and_never_connected_to(string template)
    {
        await ShouldBeRefusedWithoutConnectingAsync(template);
    }

    [Theory]
    [Requirement("CU-ORIG-3")]
    [InlineData("http://localhost.:{port}/m.json")]          // the root's trailing dot
    [InlineData("http://x.localhost.:{port}/m.json")]
    [InlineData("http://LocalHost.:{port}/m.json")]
    [InlineData("http://127\u30020\u30020\u30021:{port}/m.json")] // ideographic full stops, dots to IDNA
    [InlineData("http://127\uFF0E0\uFF0E0\uFF0E1:{port}/m.json")] // fullwidth full stops
    [InlineData("http://127\uFF610\uFF610\uFF611:{port}/m.json")] // halfwidth ideographic full stops
    [InlineData("http://127.0.0.1.:{port}/m.json")]
    [InlineData("http://localhost\u3002:{port}/m.json")]
    public async Task CU_ORIG_3_a_loopback_name_with_a_trailing_dot_or_other_full_stops_is_refused_and_never_connected_to(string template)
    {
        await ShouldBeRefusedWithoutConnectingAsync(template);
    }

    [Theory]
    [Requirement("CU-ORIG-3")]
    [InlineData("http://169.254.169.254/latest/meta-data/iam/security-credentials/")] // cloud metadata
    [InlineData("http://[fd00:ec2::254]/latest/meta-data/")]                           // cloud metadata, IPv6
    [InlineData("http://0xa9fea9fe/latest/meta-data/")]                                // 169.254.169.254 in hex
    [InlineData("http://2852039166/latest/meta-data/")]                                // 169.254.169.254 in decimal
    [InlineData("http://10.0.0.1/m.json")]
    [InlineData("http://172.31.255.254/m.json")]
    [InlineData("http://192.168.0.1/m.json")]
    [InlineData("http://100.64.0.1/m.json")]
    [InlineData("http://224.0.0.251/m.json")]
    [InlineData("http://255.255.255.255/m.json")]
    [InlineData("http://[fe80::1]/m.json")]
    [InlineData("http://[fc00::1]/m.json")]
    [InlineData("http://[ff02::fb]/m.json")]
    [InlineData("http://[::ffff:10.0.0.1]/m.json")]
    [InlineData("http://[::ffff:a9fe:a9fe]/m.json")]
    [InlineData("http://[::]/m.json")]
    public async Task CU_ORIG_3_private_link_local_metadata_and_unique_local_addresses_are_refused_before_connecting(string url)
    {
        var response = await CreateAsync(url);

        await response.ShouldBeProblemAsync("origin-not-allowed", HttpStatusCode.Forbidden);
    }

    [Fact]
    [Requirement("CU-ORIG-4")]
    public async Task CU_ORIG_4_the_machines_own_host_name_which_resolves_to_an_internal_address_is_never_connected_to()
    {
        var name = Dns.GetHostName();
        (await Dns.GetHostAddressesAsync(name)).Should().OnlyContain(a => ComputeUtility.Server.Packages.AddressPolicy.IsInternal(a),
            "the host name of a test machine resolves to its own addresses");

        var response = await CreateAsync($"http://{name}:{_internal.Port}/m.json");

        response.StatusCode.Should().BeOneOf(HttpStatusCode.Forbidden, HttpStatusCode.BadGateway);
        (await response.Content.ReadAsStringAsync()).Should().MatchRegex("origin-not-allowed|package-fetch-failed");
        _internal.Connections.Should().Be(0);
    }

    [Theory]
    [Requirement("CU-ORIG-4")]
    [InlineData("localhost.")]
    [InlineData("localhost")]
    [InlineData("ip6-localhost")]
    public async Task CU_ORIG_4_localhost_aliases_are_refused_and_never_connected_to(string name)
    {
        var response = await CreateAsync($"http://{name}:{_internal.Port}/m.json");

        response.StatusCode.Should().BeOneOf(HttpStatusCode.Forbidden, HttpStatusCode.BadGateway);
        (await response.Content.ReadAsStringAsync()).Should().MatchRegex("origin-not-allowed|package-fetch-failed");
        _internal.Connections.Should().Be(0);
    }

    [Theory]
    [Requirement("CU-PKG-10")]
    [InlineData(301)]
    [InlineData(302)]
    [InlineData(307)]
    [InlineData(308)]
    public async Task CU_PKG_10_a_manifest_redirect_to_an_internal_address_is_not_followed(int status)
    {
        var manifest = Origin.Answer($"redirect-{status}/manifest.json", context =>
        {
            context.Response.StatusCode = status;
            context.Response.Headers.Location = $"http://127.0.0.1:{_internal.Port}/latest/meta-data/";
            return Task.CompletedTask;
        });

        var response = await Client.PostAsJsonAsync("/v1/workers", new { package = manifest, integrity = TestPackage.Sri([1]) });

        await response.ShouldBeProblemAsync("package-fetch-failed", HttpStatusCode.BadGateway);
        _internal.Connections.Should().Be(0);
    }

    [Fact]
    [Requirement("CU-PKG-10")]
    public async Task CU_PKG_10_a_module_redirect_to_an_internal_address_is_not_followed()
    {
        var wasm = Repo.Example("echo/echo.wasm");
        Origin.Answer("moved/moved.wasm", context =>
        {
            context.Response.StatusCode = 302;
            context.Response.Headers.Location = $"http://127.0.0.1:{_internal.Port}/moved.wasm";
            return Task.CompletedTask;
        });
        var manifest = TestPackage.ManifestBytes("moved", "reactor", "moved.wasm", TestPackage.Sri(wasm), wasm.Length);
        var url = Origin.Put("moved/manifest.json", manifest);

        var response = await Client.PostAsJsonAsync("/v1/workers", new { package = url, integrity = TestPackage.Sri(manifest) });

        await response.ShouldBeProblemAsync("package-fetch-failed", HttpStatusCode.BadGateway);
        _internal.Connections.Should().Be(0);
    }

    [Fact]
    [Requirement("CU-PKG-12")]
    public async Task CU_PKG_12_a_package_fetch_carries_none_of_the_clients_credentials()
    {
        var echo = TestPackage.Publish(Origin, "echo", Repo.Example("echo/echo.wasm"));
        var seen = new System.Collections.Concurrent.ConcurrentBag<string>();
        var manifestBytes = TestPackage.ManifestBytes("echo", "reactor", "echo.wasm", echo.ModuleIntegrity, Repo.Example("echo/echo.wasm").Length);
        var manifest = Origin.Answer("credentials/manifest.json", async context =>
        {
            foreach (var header in context.Request.Headers)
            {
                seen.Add(header.Key + ": " + header.Value);
            }

            await context.Response.Body.WriteAsync(manifestBytes);
        });
        Origin.Put("credentials/echo.wasm", Repo.Example("echo/echo.wasm"));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/workers")
        {
            Content = JsonContent.Create(new { package = manifest, integrity = TestPackage.Sri(manifestBytes) }),
        };
        request.Headers.Authorization = new("Bearer", "client-secret");
        request.Headers.Add("Cookie", "session=client-secret");

        var response = await Client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        seen.Should().NotBeEmpty().And.NotContain(h => h.Contains("client-secret", StringComparison.Ordinal));
    }

    [Theory]
    [Requirement("CU-ORIG-3")]
    [InlineData("http://169.254.169.254/v1/workers/w-1/snapshots/s-1")]
    [InlineData("http://2130706433/v1/workers/w-1/snapshots/s-1")]
    [InlineData("http://[::ffff:127.0.0.1]/v1/workers/w-1/snapshots/s-1")]
    public async Task CU_ORIG_3_a_restore_from_an_internal_address_is_refused(string snapshot)
    {
        var response = await Client.PostAsJsonAsync("/v1/workers", new { snapshot, token = "t" });

        await response.ShouldBeProblemAsync("origin-not-allowed", HttpStatusCode.Forbidden);
    }

    /// <summary>Creating a worker from the URL (its port filled in) is refused and nothing connects to the recorder.</summary>
    private async Task ShouldBeRefusedWithoutConnectingAsync(string template)
    {
        var response = await CreateAsync(template.Replace("{port}", _internal.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));

        await response.ShouldBeProblemAsync("origin-not-allowed", HttpStatusCode.Forbidden);
        _internal.Connections.Should().Be(0);
    }

    private Task<HttpResponseMessage> CreateAsync(string url) =>
        Client.PostAsJsonAsync("/v1/workers", new { package = url, integrity = TestPackage.Sri([1]) });
}
