namespace ComputeUtility.Browser.Tests.Dashboard;

/// <summary>
/// The owner's dashboard in Chromium, on a utility serving the test network's LAN: what it shows, and that it
/// follows the utility live, without a reload.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardTests(BrowserFixture fixture) : IAsyncLifetime
{
    private readonly string _state = Directory.CreateTempSubdirectory("cu-dashboard-").FullName;
    private UtilityProcess _utility = null!;

    public async Task InitializeAsync()
    {
        TestNetwork.Require();
        _utility = await UtilityProcess.StartAsync("--lan", "--Lan:AccessTokenFile=" + Path.Combine(_state, "tokens.json"),
            "--Packages:AllowPrivateHosts=true", "--Utility:Name=study-desktop");
    }

    public async Task DisposeAsync()
    {
        await _utility.DisposeAsync();
        Directory.Delete(_state, recursive: true);
    }

    [Fact]
    public async Task The_dashboard_shows_the_device_address_a_pairing_code_and_live_workers_without_a_reload()
    {
        await using var page = await ShimPage.OpenAsync(fixture.Browser, _utility.Origin + "/");
        var p = page.Page;
        await Assertions.Expect(p.Locator("#status")).ToContainTextAsync("live");
        await Assertions.Expect(p.Locator("#name")).ToContainTextAsync("study-desktop");
        await Assertions.Expect(p.Locator("#addresses")).ToContainTextAsync($"http://{TestNetwork.LanAddress}:{_utility.Port}");
        await Assertions.Expect(p.Locator("#pairing img")).ToBeVisibleAsync();
        await Assertions.Expect(p.Locator("#pairing")).ToContainTextAsync("/pair#token=cua_");
        await Assertions.Expect(p.Locator("#tokens tbody")).ToContainTextAsync("first device");
        await Assertions.Expect(p.Locator("#settings table[data-section=Limits]")).ToContainTextAsync("MaxWorkers");
        await Assertions.Expect(p.Locator("#links")).ToContainTextAsync("Cubes");

        // A device on the LAN pairs and starts a worker; the open page shows it within its next updates.
        var token = await p.EvaluateAsync<string>("() => document.querySelector('#pairing .link').textContent.split('#token=')[1]");
        using var device = new HttpClient { BaseAddress = new Uri($"http://{TestNetwork.LanAddress}:{_utility.Port}") };
        var create = new HttpRequestMessage(HttpMethod.Post, "/v1/workers")
        {
            Content = JsonContent.Create(new { package = $"{device.BaseAddress}demo/echo/manifest.json", integrity = Integrity.Of("echo") }),
        };
        create.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Uri.UnescapeDataString(token));
        var created = await (await device.SendAsync(create)).Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetString()!;
        var message = new HttpRequestMessage(HttpMethod.Post, $"/v1/workers/{id}/messages") { Content = JsonContent.Create(new { hello = "from the phone" }) };
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", created.GetProperty("token").GetString());
        (await device.SendAsync(message)).EnsureSuccessStatusCode();

        var row = p.Locator($"#workers tr[data-worker='{id}']");
        await Assertions.Expect(row).ToContainTextAsync("echo");
        await Assertions.Expect(row).ToContainTextAsync("running");
        await Assertions.Expect(row).ToContainTextAsync($"http://{TestNetwork.LanAddress}:{_utility.Port}");
        await Assertions.Expect(row).ToContainTextAsync("1 / 1");
        await Assertions.Expect(p.Locator("#tokens tbody")).Not.ToContainTextAsync("never");
        await Assertions.Expect(p.Locator("#log")).ToContainTextAsync($"Worker {id} created");
        await p.SetViewportSizeAsync(1280, 1000);
        await p.ScreenshotAsync(new() { Path = Screenshots.PathOf("dashboard.png"), FullPage = true });

        // The owner ends it from the dashboard.
        await row.GetByRole(AriaRole.Button, new() { Name = "End" }).ClickAsync();
        await Assertions.Expect(row).ToContainTextAsync("terminated");
        page.Errors.Should().BeEmpty();
    }

    [Fact]
    public async Task A_token_made_and_revoked_on_the_dashboard_is_refused_at_once()
    {
        await using var page = await ShimPage.OpenAsync(fixture.Browser, _utility.Origin + "/");
        var p = page.Page;
        await Assertions.Expect(p.Locator("#status")).ToContainTextAsync("live");

        await p.Locator("#new-token input").FillAsync("kitchen tablet");
        await p.Locator("#new-token button").ClickAsync();
        var row = p.Locator("#tokens tr", new() { HasText = "kitchen tablet" });
        await Assertions.Expect(row).ToContainTextAsync("active");
        await row.GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();

        await Assertions.Expect(row).ToContainTextAsync("revoked");
        page.Errors.Should().BeEmpty();
    }
}
