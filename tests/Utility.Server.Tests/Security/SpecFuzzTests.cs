namespace ComputeUtility.Server.Tests.Security;

/// <summary>
/// Requests generated from openapi.yaml — every operation, valid, boundary and invalid values
/// for every parameter and body field — never get a 5xx and every error is problem+json.
/// CU_FUZZ_REQUESTS sets the count (2,000 here; bench/README.md runs 10,000), CU_FUZZ_SEED the seed.
/// </summary>
public sealed class SpecFuzzTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly AllowListedOriginUtility _utility = new();

    private TestOrigin Origin => _utility.Origin;

    private UtilityFactory Factory => _utility.Factory;

    private HttpClient Client => _utility.Client;

    public Task InitializeAsync() => _utility.InitializeAsync();

    public Task DisposeAsync() => _utility.DisposeAsync();

    [Fact]
    [Requirement("CU-ERR-4", "CU-ERR-1")]
    public async Task CU_ERR_4_thousands_of_requests_generated_from_the_spec_get_no_5xx_and_every_error_is_problem_json()
    {
        var count = Setting("CU_FUZZ_REQUESTS", 2_000);
        var seed = Setting("CU_FUZZ_SEED", 20_250_909);
        var spec = new OpenApiDocument(Repo.Spec(""));
        var targets = await FuzzTargetsSetup.CreateAsync(Client, Origin);
        var fuzzer = new SpecFuzzer(spec, seed);
        var run = new FuzzRun(Client, spec, targets, seed);

        await run.RunAsync(fuzzer, count);

        output.WriteLine($"fuzz: {run.Sent} answered of {count}, seed {seed}, statuses "
                         + string.Join(", ", run.Statuses.Select(s => $"{s.Key}×{s.Value}"))
                         + $", restores refused by their source (502, per spec) {run.RefusedRestores}");
        run.Failures.Should().BeEmpty("every answer must be a spec answer; replay any of these:\n" + string.Join("\n", run.Failures));
        run.Operations.Should().BeEquivalentTo(fuzzer.OperationIds, "every operation of openapi.yaml is fuzzed");
        run.Sent.Should().Be(count);
    }

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;
}
