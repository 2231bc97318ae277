using System.Text.Json;

namespace ComputeUtility.Conformance.Checks.Areas;

/// <summary>Section 11: one-shot WASI command runs.</summary>
internal static class TaskChecks
{
    public static IEnumerable<Check> All()
    {
        yield return new Check("tasks.not-offered", "Without the tasks feature, a valid POST /v1/tasks answers 501", "core", ["CU-TASK-11"], async c =>
        {
            if (c.HasFeature("tasks"))
            {
                throw Ensure.NotApplicable("the target offers tasks");
            }

            var command = c.Package("command", "command");
            (await c.PostJsonAsync("/v1/tasks", new { package = command.ManifestUrl, integrity = command.Integrity, args = new[] { "x" } }))
                .ExpectProblem("not-implemented", 501);
        });

        yield return new Check("tasks.run", "A command runs with its arguments and stdin and returns its output and exit code", "tasks",
            ["CU-TASK-1", "CU-TASK-8", "CU-TASK-9"], async c =>
            {
                var command = c.Package("command", "command");
                var result = (await RunAsync(c, command, ["echo", "two words"], stdin: "abc")).Expect(200).Json;
                var stdout = result.GetProperty("stdout").GetString()!;
                Ensure.That(stdout.Contains("argc=3\n", StringComparison.Ordinal), $"CU-TASK-9: argc must be 3 (name + 2 args): {stdout}");
                Ensure.That(stdout.Contains($"argv[0]={command.Name}\n", StringComparison.Ordinal), $"CU-TASK-9: argv[0] must be the package name: {stdout}");
                Ensure.That(stdout.Contains("argv[2]=two words\n", StringComparison.Ordinal), $"CU-TASK-9: argv[2]: {stdout}");
                Ensure.That(stdout.Contains("envc=0\n", StringComparison.Ordinal), $"CU-TASK-9: the environment must be empty: {stdout}");
                Ensure.That(stdout.Contains("stdin=3\n", StringComparison.Ordinal) && stdout.Contains("stdin-sum=294\n", StringComparison.Ordinal),
                    $"CU-TASK-9: stdin must be 'abc': {stdout}");
                Ensure.Equal("done\n", result.GetProperty("stderr").GetString(), "CU-TASK-1: stderr");
                Ensure.Equal(0, result.GetProperty("exitCode").GetInt32(), "CU-TASK-8: exitCode when _start returns");
            });

        yield return new Check("tasks.exit-code", "proc_exit(n) gives exitCode n, as WASI's unsigned 32-bit value", "tasks", ["CU-TASK-8", "CU-TASK-12"], async c =>
        {
            var result = (await RunAsync(c, c.Package("command", "command"), ["exit", "7"])).Expect(200).Json;
            Ensure.Equal(7, result.GetProperty("exitCode").GetInt32(), "CU-TASK-8: exitCode");
            var high = (await RunAsync(c, c.Package("command", "command"), ["exit", "-1"])).Expect(200).Json;
            Ensure.Equal("4294967295", high.GetProperty("exitCode").GetRawText(), "CU-TASK-12: exitCode of proc_exit(0xFFFFFFFF)");
        });

        yield return new Check("tasks.abi", "A module without _start is refused as a command with 422 abi-mismatch", "tasks", ["CU-TASK-2"], async c =>
            (await RunAsync(c, c.Package("no-start", "command"), [])).ExpectProblem("abi-mismatch", 422));

        yield return new Check("tasks.wrong-kind", "A reactor package offered as a task gets 422 invalid-manifest", "tasks", ["CU-PKG-5"], async c =>
            (await RunAsync(c, c.Package("probe"), [])).ExpectProblem("invalid-manifest", 422));

        yield return new Check("tasks.stdin-forms", "stdin and stdinBase64 together, or bad base64, get 400", "tasks", ["CU-TASK-3"], async c =>
        {
            var command = c.Package("command", "command");
            (await c.PostJsonAsync("/v1/tasks", new { package = command.ManifestUrl, integrity = command.Integrity, stdin = "a", stdinBase64 = "YQ==" }))
                .ExpectProblem("invalid-request", 400);
            (await c.PostJsonAsync("/v1/tasks", new { package = command.ManifestUrl, integrity = command.Integrity, stdinBase64 = "***" }))
                .ExpectProblem("invalid-request", 400);
            var decoded = (await c.PostJsonAsync("/v1/tasks", new { package = command.ManifestUrl, integrity = command.Integrity, stdinBase64 = "/wAB" }))
                .Expect(200).Json.GetProperty("stdout").GetString()!;
            Ensure.That(decoded.Contains("stdin=3\n", StringComparison.Ordinal) && decoded.Contains("stdin-sum=256\n", StringComparison.Ordinal),
                $"CU-TASK-3: stdinBase64 /wAB is the bytes ff 00 01: {decoded}");
        });

        yield return new Check("tasks.stdin-cap", "stdin over limits.maxTaskStdinBytes gets 413", "tasks", ["CU-TASK-4"], async c =>
        {
            var max = c.Limit("maxTaskStdinBytes");
            if ((max + 1) * 4 / 3 + 1024 > c.Limit("maxRequestBodyBytes"))
            {
                throw Ensure.NotApplicable("stdin past its cap would not fit in a request body");
            }

            var command = c.Package("command", "command");
            (await c.PostJsonAsync("/v1/tasks", new { package = command.ManifestUrl, integrity = command.Integrity, stdinBase64 = Convert.ToBase64String(new byte[max + 1]) }))
                .ExpectProblem("message-too-large", 413);
        });

        yield return new Check("tasks.output-cap", "Output past limits.maxTaskOutputBytes is cut and flagged", "tasks", ["CU-TASK-5"], async c =>
        {
            var max = c.Limit("maxTaskOutputBytes");
            if (max > 16 * 1024 * 1024)
            {
                throw Ensure.NotApplicable($"maxTaskOutputBytes {max} is too large for a check");
            }

            foreach (var (mode, field) in new[] { ("emit-out", "stdout"), ("emit-err", "stderr") })
            {
                var result = (await RunAsync(c, c.Package("command", "command"), [mode, (max + 100).ToString(System.Globalization.CultureInfo.InvariantCulture)])).Expect(200).Json;
                Ensure.Equal(max, (long)result.GetProperty(field).GetString()!.Length, $"CU-TASK-5: captured {field} bytes");
                Ensure.That(result.GetProperty(field + "Truncated").GetBoolean(), $"CU-TASK-5: {field}Truncated must be true");
            }
        });

        yield return new Check("tasks.limits", "A run is confined to the task memory limit and stopped at the task deadline", "tasks", ["CU-TASK-6"], async c =>
        {
            var pages = c.Limit("maxTaskMemoryBytes") / 65536 + 1;
            var grow = (await RunAsync(c, c.Package("command", "command"), ["grow", pages.ToString(System.Globalization.CultureInfo.InvariantCulture)])).Expect(200).Json;
            Ensure.That(grow.GetProperty("stdout").GetString()!.Contains("grow=-1", StringComparison.Ordinal),
                $"CU-TASK-6: memory.grow past maxTaskMemoryBytes must fail: {grow.GetProperty("stdout").GetString()}");
            var deadline = c.Limit("taskDeadlineMs");
            if (deadline > 60_000)
            {
                throw Ensure.NotApplicable($"taskDeadlineMs is {deadline} ms, over 60 s; the deadline part is not waited for");
            }

            // The answer comes after the deadline plus fetching and compiling: wait that long, not the usual request timeout.
            (await RunAsync(c, c.Package("command", "command"), ["spin"], timeout: c.TimeoutAfter(TimeSpan.FromMilliseconds(deadline))))
                .ExpectProblem("deadline-exceeded", 422);
        }) { ExtraTime = d => Check.LimitMs(d, "taskDeadlineMs") };

        yield return new Check("tasks.trap", "A trap in a run gets 422 guest-trap", "tasks", ["CU-TASK-7"], async c =>
            (await RunAsync(c, c.Package("command", "command"), ["trap"])).ExpectProblem("guest-trap", 422));

        yield return new Check("tasks.isolation", "Each run is a new instance with no files and no state of earlier runs", "tasks",
            ["CU-TASK-10", "CU-SEC-4"], async c =>
            {
                var command = c.Package("command", "command");
                var first = (await RunAsync(c, command, ["echo"], stdin: "first")).Expect(200).Json.GetProperty("stdout").GetString()!;
                var second = (await RunAsync(c, command, ["echo"])).Expect(200).Json.GetProperty("stdout").GetString()!;
                Ensure.That(first.Contains("stdin=5\n", StringComparison.Ordinal) && second.Contains("stdin=0\n", StringComparison.Ordinal),
                    "CU-TASK-10: a run saw another run's stdin");
                var fs = (await RunAsync(c, command, ["fs"])).Expect(200).Json.GetProperty("stdout").GetString()!;
                Ensure.That(fs.Contains("open=0", StringComparison.Ordinal) && fs.Contains("preopen=0", StringComparison.Ordinal),
                    $"CU-SEC-4: a task reached the file system: {fs}");
            });
    }

    private static Task<Answer> RunAsync(CheckContext c, Origin.PublishedPackage package, string[] args, string? stdin = null,
        TimeSpan? timeout = null) =>
        c.PostJsonAsync("/v1/tasks", stdin is null
            ? new { package = package.ManifestUrl, integrity = package.Integrity, args }
            : (object)new { package = package.ManifestUrl, integrity = package.Integrity, args, stdin }, timeout: timeout);
}
