namespace ComputeUtility.Server.Tests.Packages;

public sealed class PackagePullTests(UtilityFixture utility) : IClassFixture<UtilityFixture>
{
    private static readonly byte[] Echo = Repo.Example("echo/echo.wasm");

    [Fact]
    public async Task A_manifest_that_does_not_match_its_integrity_is_refused_with_422()
    {
        var package = TestPackage.Publish(utility.Origin, "tampered-manifest", Echo);
        var wrong = TestPackage.Sri("something else"u8.ToArray());

        var response = await utility.Client.PostAsJsonAsync("/v1/workers", new { package = package.ManifestUrl, integrity = wrong });

        var problem = await response.ShouldBeProblemAsync("integrity-mismatch", HttpStatusCode.UnprocessableEntity);
        problem.GetProperty("actual").GetString().Should().Be(package.Integrity);
    }

    [Fact]
    [Requirement("CU-PKG-12")]
    public async Task CU_PKG_12_a_package_fetch_says_what_it_accepts_and_who_asks_and_carries_no_credentials_of_the_client()
    {
        // A custom section makes the module new to the cache, so it is fetched too.
        byte[] module = [.. Echo, 0x00, 18, 1, (byte)'x', .. Guid.NewGuid().ToByteArray()];
        var package = TestPackage.Publish(utility.Origin, "fetch-headers", module);
        var manifest = TestPackage.ManifestBytes("fetch-headers", "reactor", "fetch-headers.wasm", package.ModuleIntegrity, module.Length);
        var seen = new System.Collections.Concurrent.ConcurrentDictionary<string, Microsoft.AspNetCore.Http.IHeaderDictionary>();
        foreach (var (file, bytes) in new[] { ("fetch-headers/manifest.json", manifest), ("fetch-headers/fetch-headers.wasm", module) })
        {
            utility.Origin.Answer(file, async context =>
            {
                seen[file] = new Microsoft.AspNetCore.Http.HeaderDictionary(context.Request.Headers.ToDictionary(h => h.Key, h => h.Value));
                await context.Response.Body.WriteAsync(bytes);
            });
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/workers") { Content = JsonContent.Create(package.CreateBody) };
        request.Headers.Authorization = new("Bearer", "client-credential");
        request.Headers.Add("Cookie", "session=client-cookie");
        var response = await utility.Client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        seen["fetch-headers/manifest.json"].Accept.ToString().Should().Be("application/json");
        seen["fetch-headers/fetch-headers.wasm"].Accept.ToString().Should().Be("application/wasm");
        foreach (var headers in seen.Values)
        {
            headers.UserAgent.ToString().Should().StartWith("compute-utility/");
            headers.Should().NotContainKey("Authorization").And.NotContainKey("Cookie");
        }
    }

    [Fact]
    public async Task A_module_whose_digest_is_wrong_is_never_compiled_or_instantiated()
    {
        var other = Guests.Spinner;
        var package = TestPackage.Publish(utility.Origin, "lying-module", other, moduleIntegrity: TestPackage.Sri(Guid.NewGuid().ToByteArray()));
        var modules = utility.Service<ModuleCache>();
        var launcher = utility.Service<WorkerLauncher>();
        var compiledBefore = modules.Compilations;
        var instantiatedBefore = launcher.Instantiations;

        var response = await utility.Client.PostAsJsonAsync("/v1/workers", package.CreateBody);

        await response.ShouldBeProblemAsync("integrity-mismatch", HttpStatusCode.UnprocessableEntity);
        modules.Compilations.Should().Be(compiledBefore);
        launcher.Instantiations.Should().Be(instantiatedBefore);
    }

    [Fact]
    public async Task A_module_is_compiled_once_and_later_workers_reuse_it_without_fetching()
    {
        var package = TestPackage.Publish(utility.Origin, "compiled-once", Guests.Grower);
        var modules = utility.Service<ModuleCache>();
        var before = modules.Compilations;

        await CreatedWorker.CreateAsync(utility.Client, package);
        await CreatedWorker.CreateAsync(utility.Client, package);
        await CreatedWorker.CreateAsync(utility.Client, package);

        modules.Compilations.Should().Be(before + 1);
        utility.Origin.Hits("compiled-once/compiled-once.wasm").Should().Be(1);
        utility.Origin.Hits("compiled-once/manifest.json").Should().Be(1, "the manifest is cached by its digest too");
    }

    [Fact]
    public async Task Bytes_that_are_not_webassembly_are_refused_as_invalid_module()
    {
        var package = TestPackage.Publish(utility.Origin, "garbage", Guests.Garbage);

        var response = await utility.Client.PostAsJsonAsync("/v1/workers", package.CreateBody);

        await response.ShouldBeProblemAsync("invalid-module", HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task A_module_without_the_abi_exports_is_refused_as_abi_mismatch_naming_what_is_missing()
    {
        var package = TestPackage.Publish(utility.Origin, "no-export", Guests.MissingExport);

        var response = await utility.Client.PostAsJsonAsync("/v1/workers", package.CreateBody);

        var problem = await response.ShouldBeProblemAsync("abi-mismatch", HttpStatusCode.UnprocessableEntity);
        problem.GetProperty("detail").GetString().Should().Contain("cu_on_message");
    }

    [Fact]
    public async Task A_module_importing_something_the_utility_does_not_provide_is_refused()
    {
        var package = TestPackage.Publish(utility.Origin, "foreign", Guests.ForeignImport);

        var response = await utility.Client.PostAsJsonAsync("/v1/workers", package.CreateBody);

        var problem = await response.ShouldBeProblemAsync("abi-mismatch", HttpStatusCode.UnprocessableEntity);
        problem.GetProperty("detail").GetString().Should().Contain("env").And.Contain("open_socket");
    }

    [Fact]
    public async Task A_command_package_cannot_be_started_as_a_worker()
    {
        var package = TestPackage.Publish(utility.Origin, "a-command", Guests.EndlessCommand, kind: "command");

        var response = await utility.Client.PostAsJsonAsync("/v1/workers", package.CreateBody);

        await response.ShouldBeProblemAsync("invalid-manifest", HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task A_manifest_that_breaks_the_schema_is_refused_listing_the_errors()
    {
        var manifest = """{"name":"Not A Valid Name!","version":"1","kind":"reactor","abi":"cu1"}"""u8.ToArray();
        var url = utility.Origin.Put("bad-schema/manifest.json", manifest);

        var response = await utility.Client.PostAsJsonAsync("/v1/workers", new { package = url, integrity = TestPackage.Sri(manifest) });

        var problem = await response.ShouldBeProblemAsync("invalid-manifest", HttpStatusCode.UnprocessableEntity);
        problem.GetProperty("errors").GetArrayLength().Should().BePositive();
    }

    [Fact]
    public async Task A_manifest_that_is_not_json_is_refused()
    {
        var manifest = "<html>not a manifest</html>"u8.ToArray();
        var url = utility.Origin.Put("html/manifest.json", manifest);

        var response = await utility.Client.PostAsJsonAsync("/v1/workers", new { package = url, integrity = TestPackage.Sri(manifest) });

        await response.ShouldBeProblemAsync("invalid-manifest", HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task A_manifest_over_the_size_cap_is_refused_as_package_too_large()
    {
        var manifest = new byte[70 * 1024];
        var url = utility.Origin.Put("huge/manifest.json", manifest);

        var response = await utility.Client.PostAsJsonAsync("/v1/workers", new { package = url, integrity = TestPackage.Sri(manifest) });

        await response.ShouldBeProblemAsync("package-too-large", HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task A_module_pointing_at_another_origin_is_refused()
    {
        var manifest = TestPackage.ManifestBytes("elsewhere", "reactor", "https://elsewhere.example/m.wasm", TestPackage.Sri(Echo), Echo.Length);
        var url = utility.Origin.Put("elsewhere/manifest.json", manifest);

        var response = await utility.Client.PostAsJsonAsync("/v1/workers", new { package = url, integrity = TestPackage.Sri(manifest) });

        await response.ShouldBeProblemAsync("origin-not-allowed", HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task An_origin_that_fails_twice_then_answers_is_retried_and_the_worker_starts()
    {
        var package = TestPackage.Publish(utility.Origin, "flaky", Echo);
        utility.Origin.FailNext("flaky/manifest.json", 2);

        var response = await utility.Client.PostAsJsonAsync("/v1/workers", package.CreateBody);

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        utility.Origin.Hits("flaky/manifest.json").Should().Be(3);
    }

    [Fact]
    public async Task An_origin_that_keeps_failing_gives_a_502_problem_naming_its_status()
    {
        var package = TestPackage.Publish(utility.Origin, "broken", Echo);
        utility.Origin.FailNext("broken/manifest.json", 100);

        var response = await utility.Client.PostAsJsonAsync("/v1/workers", package.CreateBody);

        var problem = await response.ShouldBeProblemAsync("package-fetch-failed", HttpStatusCode.BadGateway);
        problem.GetProperty("originStatus").GetInt32().Should().Be(500);
    }

    [Fact]
    public async Task A_missing_manifest_gives_a_502_problem()
    {
        var response = await utility.Client.PostAsJsonAsync("/v1/workers",
            new { package = utility.Origin.Url("nothing/manifest.json"), integrity = TestPackage.Sri([1]) });

        await response.ShouldBeProblemAsync("package-fetch-failed", HttpStatusCode.BadGateway);
    }

    [Fact]
    public async Task An_origin_that_is_down_gives_a_502_problem()
    {
        var response = await utility.Client.PostAsJsonAsync("/v1/workers",
            new { package = "http://127.0.0.1:9/app/manifest.json", integrity = TestPackage.Sri([1]) });

        await response.ShouldBeProblemAsync("package-fetch-failed", HttpStatusCode.BadGateway);
    }

    [Fact]
    public async Task A_page_may_not_name_a_package_on_another_origin()
    {
        var elsewhere = new { package = "https://other.example/echo/manifest.json", integrity = utility.Echo.Integrity };
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/workers") { Content = JsonContent.Create(elsewhere) };
        request.Headers.Add("Origin", utility.Origin.BaseUri.GetLeftPart(UriPartial.Authority));

        var response = await utility.Client.SendAsync(request);

        await response.ShouldBeProblemAsync("origin-not-allowed", HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_page_may_name_a_package_on_its_own_origin()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/workers") { Content = JsonContent.Create(utility.Echo.CreateBody) };
        request.Headers.Add("Origin", utility.Origin.BaseUri.GetLeftPart(UriPartial.Authority));

        var response = await utility.Client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.Created);
    }
}
