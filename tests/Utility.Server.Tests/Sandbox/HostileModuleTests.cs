using System.Diagnostics;

namespace ComputeUtility.Server.Tests.Sandbox;

/// <summary>
/// Modules that are valid WebAssembly but built to exhaust the utility: huge or many tables, extra memories,
/// code that takes seconds to compile. Each is refused with a problem at creation, and a running worker is not slowed.
/// </summary>
public sealed class HostileModuleTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly UtilityFixture _utility = new(new Dictionary<string, string?>
    {
        ["Limits:CompileDeadlineMs"] = "1000",
        ["Limits:MaxConcurrentCompilations"] = "1",
        // The test's one client sends both slow modules: both must queue for the one slot, not be refused.
        ["Limits:MaxCompilationsPerClient"] = "2",
    });

    public Task InitializeAsync() => _utility.InitializeAsync();

    public Task DisposeAsync() => _utility.DisposeAsync();

    [Fact]
    [Requirement("CU-SEC-10")]
    public async Task CU_SEC_10_a_table_larger_than_max_table_elements_is_refused_at_creation_as_package_too_large()
    {
        var package = TestPackage.Publish(_utility.Origin, "table", Guests.BigTable(200_000));

        var response = await _utility.Client.PostAsJsonAsync("/v1/workers", package.CreateBody);

        var problem = await response.ShouldBeProblemAsync("package-too-large", HttpStatusCode.UnprocessableEntity);
        problem.GetProperty("limit").GetInt32().Should().Be(100_000);
        problem.GetProperty("detail").GetString().Should().Contain("table");
    }

    [Theory]
    [Requirement("CU-SEC-10")]
    [InlineData("tables")]
    [InlineData("memories")]
    public async Task CU_SEC_10_more_tables_or_memories_than_a_guest_may_have_are_refused_at_creation_as_package_too_large(string what)
    {
        var package = TestPackage.Publish(_utility.Origin, what, what == "tables" ? Guests.FiveTables : Guests.TwoMemories);

        var response = await _utility.Client.PostAsJsonAsync("/v1/workers", package.CreateBody);

        var problem = await response.ShouldBeProblemAsync("package-too-large", HttpStatusCode.UnprocessableEntity);
        problem.GetProperty("detail").GetString().Should().Contain($"{GuestLimits.Tables} tables, {GuestLimits.Memories} memory");
    }

    [Fact]
    [Requirement("CU-SEC-11", "CU-SEC-5")]
    public async Task CU_SEC_11_modules_slow_to_compile_get_deadline_exceeded_one_compiles_at_a_time_and_a_running_worker_keeps_answering()
    {
        var healthy = await CreatedWorker.CreateAsync(_utility.Client, _utility.Echo);
        await using var channel = await ChannelClient.ConnectAsync(_utility.Factory.BaseUri, healthy);
        var slow = Enumerable.Range(0, 2)
            .Select(i => TestPackage.Publish(_utility.Origin, $"slow{i}", Guests.SlowToCompile(10_000 + i, copies: 4)))
            .ToList();

        var clock = Stopwatch.StartNew();
        var creations = slow.Select(p => _utility.Client.PostAsJsonAsync("/v1/workers", p.CreateBody)).ToList();
        var roundTrips = new List<TimeSpan>();
        for (var i = 1; !creations.All(c => c.IsCompleted) || i <= 20; i++)
        {
            var sent = Stopwatch.StartNew();
            await channel.SendJsonAsync(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            (await channel.ReceiveKindAsync("message")).Data.GetProperty("echo").GetInt32().Should().Be(i);
            roundTrips.Add(sent.Elapsed);
        }

        var answers = await Task.WhenAll(creations);
        var answeredAfter = clock.Elapsed;
        output.WriteLine($"refused after {answeredAfter.TotalMilliseconds:0} ms; {roundTrips.Count} echo round trips meanwhile, " +
                         $"median {roundTrips.Order().ElementAt(roundTrips.Count / 2).TotalMilliseconds:0.0} ms, max {roundTrips.Max().TotalMilliseconds:0.0} ms");

        foreach (var answer in answers)
        {
            var problem = await answer.ShouldBeProblemAsync("deadline-exceeded", HttpStatusCode.UnprocessableEntity);
            problem.GetProperty("limit").GetInt32().Should().Be(1000);
        }

        // How long the refusals and the echoes took is printed above, not asserted: timings belong to bench/ (row 11 measures
        // deadlines under load). What must hold on any machine: both refused at the deadline, one compilation at a time, and
        // the running worker answered every message while they compiled (checked in the loop).
        _utility.Service<ModuleCache>().PeakConcurrentCompilations.Should().Be(1, "one compilation slot is configured");
        roundTrips.Should().HaveCountGreaterThanOrEqualTo(20);
    }
}
