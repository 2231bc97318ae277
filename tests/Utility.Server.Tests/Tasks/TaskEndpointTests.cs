namespace ComputeUtility.Server.Tests.Tasks;

public sealed class TaskEndpointTests(UtilityFixture utility) : IClassFixture<UtilityFixture>
{
    private TestPackage Hello => TestPackage.Publish(utility.Origin, "hello", Repo.Example("hello/hello.wasm"), kind: "command");

    [Fact]
    public async Task A_command_runs_with_args_and_stdin_and_returns_stdout_stderr_and_exit_code()
    {
        var response = await utility.Client.PostAsJsonAsync("/v1/tasks",
            new { package = Hello.ManifestUrl, integrity = Hello.Integrity, args = new[] { "Ada", "Lovelace" }, stdin = "0123456789" });

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        result.GetProperty("stdout").GetString().Should().Be("Hello, Ada Lovelace!\nstdin: 10 bytes\n");
        result.GetProperty("stderr").GetString().Should().Be("hello: done\n");
        result.GetProperty("exitCode").GetInt32().Should().Be(2);
        result.GetProperty("durationMs").GetDouble().Should().BePositive();
    }

    [Fact]
    public async Task A_command_without_stdin_reads_an_empty_stream()
    {
        var response = await utility.Client.PostAsJsonAsync("/v1/tasks", Hello.CreateBody);

        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        result.GetProperty("stdout").GetString().Should().Be("Hello, world!\nstdin: 0 bytes\n");
        result.GetProperty("exitCode").GetInt32().Should().Be(0);
    }

    [Fact]
    public async Task Stdin_may_be_given_as_base64()
    {
        var response = await utility.Client.PostAsJsonAsync("/v1/tasks",
            new { package = Hello.ManifestUrl, integrity = Hello.Integrity, stdinBase64 = Convert.ToBase64String(new byte[300]) });

        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        result.GetProperty("stdout").GetString().Should().Contain("stdin: 300 bytes");
        result.GetProperty("exitCode").GetInt32().Should().Be(0);
    }

    [Fact]
    public async Task A_command_that_runs_forever_is_stopped_at_the_task_deadline()
    {
        var endless = TestPackage.Publish(utility.Origin, "endless", Guests.EndlessCommand, kind: "command");

        var response = await utility.Client.PostAsJsonAsync("/v1/tasks", endless.CreateBody);

        await response.ShouldBeProblemAsync("deadline-exceeded", HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task A_reactor_cannot_be_run_as_a_task()
    {
        var response = await utility.Client.PostAsJsonAsync("/v1/tasks", utility.Echo.CreateBody);

        await response.ShouldBeProblemAsync("invalid-manifest", HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Stdin_over_the_cap_is_refused()
    {
        var response = await utility.Client.PostAsJsonAsync("/v1/tasks",
            new { package = Hello.ManifestUrl, integrity = Hello.Integrity, stdinBase64 = Convert.ToBase64String(new byte[1024 * 1024 + 1]) });

        await response.ShouldBeProblemAsync("message-too-large", HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Both_stdin_forms_at_once_are_a_400_problem()
    {
        var response = await utility.Client.PostAsJsonAsync("/v1/tasks",
            new { package = Hello.ManifestUrl, integrity = Hello.Integrity, stdin = "a", stdinBase64 = "YQ==" });

        await response.ShouldBeProblemAsync("invalid-request", HttpStatusCode.BadRequest);
    }

    [Fact]
    [Requirement("CU-TASK-12")]
    public async Task CU_TASK_12_proc_exit_of_minus_one_is_exit_code_4294967295()
    {
        var command = TestPackage.Publish(utility.Origin, "exit-high", Wasmtime.Module.ConvertText("""
            (module
              (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
              (memory (export "memory") 1)
              (func (export "_start") (call $exit (i32.const -1))))
            """), kind: "command");

        var result = await (await utility.Client.PostAsJsonAsync("/v1/tasks", command.CreateBody)).Content.ReadFromJsonAsync<JsonElement>();

        result.GetProperty("exitCode").GetRawText().Should().Be("4294967295");
    }
}
