namespace ComputeUtility.Server.Tests.Sandbox;

/// <summary>
/// Compile work is bounded per module and per client: a module of too many functions is refused before it compiles, and
/// a client whose compilation ran past its deadline cannot start another until it ends, while other clients still compile.
/// </summary>
public sealed class CompileBudgetTests : IAsyncLifetime
{
    private readonly UtilityFixture _utility = new(new Dictionary<string, string?>
    {
        ["Limits:CompileDeadlineMs"] = "1000",
        ["Limits:MaxConcurrentCompilations"] = "2",
        ["Limits:MaxCompilationsPerClient"] = "1",
        ["Limits:MaxModuleFunctions"] = "100",
    });

    public Task InitializeAsync() => _utility.InitializeAsync();

    public Task DisposeAsync() => _utility.DisposeAsync();

    [Fact]
    [Requirement("CU-SEC-11", "CU-DESC-8")]
    public async Task CU_SEC_11_a_module_with_more_functions_than_max_module_functions_is_refused_before_compiling()
    {
        var package = TestPackage.Publish(_utility.Origin, "many", Guests.ManyFunctions(200));

        var response = await _utility.Client.PostAsJsonAsync("/v1/workers", package.CreateBody);

        var problem = await response.ShouldBeProblemAsync("package-too-large", HttpStatusCode.UnprocessableEntity);
        problem.GetProperty("limit").GetInt32().Should().Be(100);
        problem.GetProperty("detail").GetString().Should().Contain("202 functions");
        _utility.Service<ModuleCache>().Compilations.Should().Be(0, "the module was refused from its function section, not compiled");
        var limits = (await _utility.Client.GetFromJsonAsync<JsonElement>("/.well-known/compute-utility")).GetProperty("limits");
        limits.GetProperty("maxModuleFunctions").GetInt32().Should().Be(100);
        limits.GetProperty("maxCompilationsPerClient").GetInt32().Should().Be(1);
    }

    [Fact]
    [Requirement("CU-SEC-11", "CU-RATE-2")]
    public async Task CU_SEC_11_a_client_whose_compile_runs_past_its_deadline_is_refused_the_next_while_another_client_compiles()
    {
        var slow = TestPackage.Publish(_utility.Origin, "slow", Guests.SlowToCompile(10_000, copies: 6));
        var small = TestPackage.Publish(_utility.Origin, "small", Guests.Trapper);
        var other = TestPackage.Publish(_utility.Origin, "other", Guests.Liar);
        using var secondClient = ClientFrom(IPAddress.Parse("127.0.0.2"));

        var late = await _utility.Client.PostAsJsonAsync("/v1/workers", slow.CreateBody);
        await late.ShouldBeProblemAsync("deadline-exceeded", HttpStatusCode.UnprocessableEntity);

        // The slow module still compiles (Wasmtime cannot stop it) and still counts as this client's.
        var refused = await _utility.Client.PostAsJsonAsync("/v1/workers", small.CreateBody);
        var problem = await refused.ShouldBeProblemAsync("rate-limited", HttpStatusCode.TooManyRequests);
        problem.GetProperty("limit").GetInt32().Should().Be(1);
        problem.GetProperty("budget").GetString().Should().Be("compilations");
        refused.Headers.RetryAfter.Should().NotBeNull();

        var created = await secondClient.PostAsJsonAsync("/v1/workers", other.CreateBody);
        created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
    }

    /// <summary>A client whose connections come from <paramref name="local"/>: another client, as the utility counts them.</summary>
    private HttpClient ClientFrom(IPAddress local)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(local, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = _utility.Factory.BaseUri };
    }
}
