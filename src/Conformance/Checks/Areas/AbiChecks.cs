using System.Diagnostics;
using System.Net.WebSockets;
using System.Text.Json;

namespace ComputeUtility.Conformance.Checks.Areas;

/// <summary>Section 10: the guest ABI, observed through the probe and the broken modules.</summary>
internal static class AbiChecks
{
    public static IEnumerable<Check> All()
    {
        yield return new Check("abi.exports", "A reactor without the ABI's exports gets 422 abi-mismatch", "core", ["CU-ABI-1"], async c =>
            (await c.PostJsonAsync("/v1/workers", c.Package("no-on-message").Body)).ExpectProblem("abi-mismatch", 422));

        yield return new Check("abi.imports", "A module importing anything but cu.post_message and WASI gets 422 abi-mismatch", "core", ["CU-ABI-2"],
            async c => (await c.PostJsonAsync("/v1/workers", c.Package("foreign-import").Body)).ExpectProblem("abi-mismatch", 422));

        yield return new Check("abi.delivery", "Text reaches the guest as the client's JSON, bytes as the same bytes", "core",
            ["CU-ABI-4", "CU-ABI-9", "CU-ABI-7"], async c =>
            {
                var worker = await c.CreateWorkerAsync(c.Package("probe"));
                await using var channel = await c.ConnectAsync(worker);
                const string text = """{"a": [1, 2.5e3, "ü", {"b": null}]}""";
                await channel.SendTextAsync(text);
                var reply = await channel.ReceiveKindAsync("message");
                Ensure.That(JsonElementComparer.Same(JsonDocument.Parse(text).RootElement, reply.Data),
                    $"CU-ABI-9: the guest echoed {reply.Data.GetRawText()} for {text}");
                byte[] bytes = [0, 1, 2, 0xff, 0xfe, 0x80, 0x7f];
                await channel.SendBytesAsync(bytes);
                var binary = await channel.ReceiveKindAsync("binary");
                Ensure.That(binary.Bytes!.SequenceEqual(bytes), "CU-ABI-4: the bytes the guest received differ from those sent");
            });

        yield return new Check("abi.deadline-scope",
            "One message's cu_alloc and cu_on_message share one deadline: each within it, together past it, the worker fails", "core",
            ["CU-ABI-18", "CU-ABI-11"], async c =>
            {
                var deadline = c.Limit("messageDeadlineMs");
                if (deadline > 30_000)
                {
                    throw Ensure.NotApplicable($"messageDeadlineMs is {deadline} ms, over 30 s; the check does not wait that long");
                }

                var worker = await c.CreateWorkerAsync(c.Package("probe"));
                await using var channel = await c.ConnectAsync(worker);
                var part = deadline * 6 / 10;
                await channel.SendTextAsync($$"""{"op":"busy","n":{{deadline / 2}}}""");
                Ensure.Equal("message", (await channel.ReceiveKindAsync("message", Patience(deadline))).Kind,
                    $"CU-ABI-11: a call of half the deadline ({deadline / 2} ms) must finish");
                await channel.SendTextAsync($$"""{"op":"alloc-busy","n":{{part}}}""");
                await channel.ReceiveKindAsync("message", Patience(deadline));
                // cu_alloc runs 0.6 and cu_on_message 0.6 of the deadline: two calls each within it, one delivery past it.
                await channel.SendTextAsync($$"""{"op":"busy","n":{{part}}}""");
                var error = await channel.ReceiveKindAsync("error", Patience(3 * deadline));
                Ensure.That(error.Kind == "error" && error.Data.GetProperty("type").GetString() == "urn:compute-utility:problem:deadline-exceeded",
                    $"CU-ABI-18: cu_alloc ({part} ms) and cu_on_message ({part} ms) of one message together passed messageDeadlineMs {deadline}, " +
                    $"so the worker must fail with deadline-exceeded; the channel got {error.Kind} {error.RawText}");
            }) { ExtraTime = d => 5 * Check.LimitMs(d, "messageDeadlineMs") };

        yield return new Check("abi.stdio-fdstat", "fd_fdstat_get on fds 0-2 answers a character device without seek or tell rights: isatty is true",
            "core", ["CU-ABI-19", "CU-ABI-20"], async c =>
            {
                var worker = await c.CreateWorkerAsync(c.Package("probe"));
                await using var channel = await c.ConnectAsync(worker);
                await channel.SendTextAsync("""{"op":"stdio"}""");
                var reply = await channel.ReceiveKindAsync("message");
                Ensure.Equal("message", reply.Kind, "CU-ABI-19: the reply of the stdio probe");
                var fd = 0;
                foreach (var stat in reply.Data.GetProperty("stdio").EnumerateArray())
                {
                    Ensure.That(stat.GetProperty("errno").GetInt32() == 0 && stat.GetProperty("filetype").GetInt32() == 2
                                && !stat.GetProperty("seekTell").GetBoolean() && stat.GetProperty("isatty").GetInt32() == 1,
                        $"CU-ABI-19: fd_fdstat_get({fd}) must succeed with filetype character_device (2) and no fd_seek/fd_tell rights, " +
                        $"so that isatty({fd}) is 1; the guest saw {stat.GetRawText()}");
                    fd++;
                }

                Ensure.Equal(3, fd, "CU-ABI-19: fds the probe reported");
            });

        yield return new Check("abi.bad-alloc", "cu_alloc returning 0 for a non-empty message fails the worker with guest-trap", "core", ["CU-ABI-5"],
            async c => await ExpectFailureAsync(c, "bad-alloc", "{}", "guest-trap"));

        foreach (var op in new[] { "bad-json", "bad-kind", "out-of-bounds" })
        {
            yield return new Check($"abi.post-message.{op}", $"A post_message call of the '{op}' kind fails the worker with guest-trap", "core",
                ["CU-ABI-8"], async c => await ExpectFailureAsync(c, "probe", $$"""{"op":"{{op}}"}""", "guest-trap"));
        }

        yield return new Check("abi.post-message-size", "A guest message over limits.maxMessageBytes fails the worker with guest-trap", "core",
            ["CU-ABI-8"], async c =>
            {
                var max = c.Limit("maxMessageBytes");
                if (max > 64 * 1024 * 1024)
                {
                    throw Ensure.NotApplicable($"maxMessageBytes {max} is too large for the probe to exceed");
                }

                await ExpectFailureAsync(c, "probe", $$"""{"op":"big","size":{{max + 1}}}""", "guest-trap");
            });

        yield return new Check("abi.trap", "A trap fails the worker: error guest-trap, exit failed, close 1011", "core",
            ["CU-ABI-10", "CU-CHAN-21", "CU-CHAN-22"], async c => await ExpectFailureAsync(c, "probe", """{"op":"trap"}""", "guest-trap"));

        yield return new Check("abi.deadline", "An overrunning call is interrupted at the deadline while another worker keeps answering", "core",
            ["CU-ABI-11", "CU-ABI-12", "CU-SEC-5"], async c =>
            {
                var deadline = c.Limit("messageDeadlineMs");
                if (deadline > 30_000)
                {
                    throw Ensure.NotApplicable($"messageDeadlineMs is {deadline}; the check waits at most 30 s");
                }

                var spinner = await c.CreateWorkerAsync(c.Package("probe"));
                var healthy = await c.CreateWorkerAsync(c.Package("probe"));
                await using var spinning = await c.ConnectAsync(spinner);
                await using var answering = await c.ConnectAsync(healthy);
                var clock = Stopwatch.StartNew();
                await spinning.SendTextAsync("""{"op":"spin"}""");
                for (var i = 1; i <= 10; i++)
                {
                    await answering.SendTextAsync(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    Ensure.Equal(i, (await answering.ReceiveKindAsync("message")).Data.GetInt32(), "CU-SEC-5: the other worker's echo");
                }

                var error = await spinning.ReceiveKindAsync("error", TimeSpan.FromMilliseconds(deadline + 10_000));
                var elapsed = clock.Elapsed;
                Ensure.Equal("error", error.Kind, "CU-ABI-11: first event after the overrun");
                Ensure.Equal("urn:compute-utility:problem:deadline-exceeded", error.Data.GetProperty("type").GetString(), "CU-ABI-11: problem type");
                Ensure.That(elapsed < TimeSpan.FromMilliseconds(deadline + 2_000),
                    $"CU-ABI-12: stopped {elapsed.TotalMilliseconds:0} ms after the call began; the deadline is {deadline} ms");
            });

        yield return new Check("abi.memory-cap", "memory.grow past limits.maxMemoryBytesPerWorker returns -1 and the worker lives on", "core",
            ["CU-ABI-13"], async c =>
            {
                var pages = c.Limit("maxMemoryBytesPerWorker") / 65536 + 1;
                var worker = await c.CreateWorkerAsync(c.Package("probe"));
                await using var channel = await c.ConnectAsync(worker);
                await channel.SendTextAsync($$"""{"op":"grow","pages":{{pages}}}""");
                var reply = await channel.ReceiveKindAsync("message");
                Ensure.Equal(-1, reply.Data.GetProperty("grow").GetInt32(), "CU-ABI-13: memory.grow result past the cap");
                await channel.SendTextAsync("""{"op":"count"}""");
                Ensure.Equal(2, (await channel.ReceiveKindAsync("message")).Data.GetProperty("count").GetInt32(), "CU-ABI-13: the worker after the refused grow");
            });

        yield return new Check("abi.initial-memory", "A module that starts with more memory than allowed gets 422 package-too-large", "core",
            ["CU-ABI-14"], async c =>
            {
                if (c.Limit("maxMemoryBytesPerWorker") >= 2L * 1024 * 1024 * 1024)
                {
                    throw Ensure.NotApplicable("the memory limit is 2 GiB or more, the size of the suite's largest module");
                }

                (await c.PostJsonAsync("/v1/workers", c.Package("huge-memory").Body)).ExpectProblem("package-too-large", 422);
            });

        yield return new Check("abi.proc-exit", "proc_exit(n) ends the worker: exit proc-exit with exitCode n, state terminated", "core", ["CU-ABI-15"], async c =>
        {
            var worker = await c.CreateWorkerAsync(c.Package("probe"));
            await using var channel = await c.ConnectAsync(worker);
            await channel.SendTextAsync("""{"op":"exit","code":7}""");
            var exit = await channel.ReceiveKindAsync("exit");
            Ensure.Equal("proc-exit", exit.Data.GetProperty("reason").GetString(), "CU-ABI-15: exit reason");
            Ensure.Equal(7, exit.Data.GetProperty("exitCode").GetInt32(), "CU-ABI-15: exitCode");
            Ensure.Equal("terminated", await WorkerChecks.WaitForStateAsync(c, worker, "terminated", TimeSpan.FromSeconds(5)), "CU-ABI-15: state");
        });

        yield return new Check("abi.confined-wasi", "The guest sees one argument, no environment, empty stdin, no files", "core",
            ["CU-ABI-16", "CU-SEC-4"], async c =>
            {
                var probe = c.Package("probe");
                var worker = await c.CreateWorkerAsync(probe);
                await using var channel = await c.ConnectAsync(worker);
                await channel.SendTextAsync("""{"op":"env"}""");
                var env = (await channel.ReceiveKindAsync("message")).Data;
                Ensure.Equal(1, env.GetProperty("argc").GetInt32(), "CU-ABI-16: argc");
                Ensure.Equal(probe.Name, env.GetProperty("argv0").GetString(), "CU-ABI-16: argv[0] (the package name)");
                Ensure.Equal(0, env.GetProperty("envc").GetInt32(), "CU-ABI-16: environment variables");
                Ensure.That(env.GetProperty("stdin").GetInt32() <= 0, "CU-ABI-16: stdin must be empty");
                Ensure.Equal(0, env.GetProperty("preopen").GetInt32(), "CU-SEC-4: a preopened directory");
                Ensure.Equal(0, env.GetProperty("open").GetInt32(), "CU-SEC-4: the guest opened /etc/passwd");
            });

        yield return new Check("abi.logs", "Lines on fd 1 and fd 2 become log events", "core", ["CU-ABI-17"], async c =>
        {
            var worker = await c.CreateWorkerAsync(c.Package("probe"));
            await using var channel = await c.ConnectAsync(worker);
            foreach (var stream in new[] { "stdout", "stderr" })
            {
                await channel.SendTextAsync($$"""{"op":"log","stream":"{{stream}}","text":"hello {{stream}}"}""");
                var log = await channel.ReceiveKindAsync("log");
                Ensure.Equal(stream, log.Data.GetProperty("stream").GetString(), "CU-ABI-17: stream");
                Ensure.Equal($"hello {stream}", log.Data.GetProperty("text").GetString(), "CU-ABI-17: text");
            }
        });

        yield return new Check("abi.one-call-at-a-time", "Messages sent at once are handled one after another, each once", "core",
            ["CU-ABI-6", "CU-CHAN-10"], async c =>
            {
                var worker = await c.CreateWorkerAsync(c.Package("probe"));
                var posts = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
                {
                    for (var i = 0; i < 25; i++)
                    {
                        (await c.PostMessageAsync(worker, """{"op":"count"}""")).Expect(202);
                    }
                }));
                await Task.WhenAll(posts);
                using var events = await c.OpenEventsAsync(worker);
                var counts = new List<int>();
                while (counts.Count < 200 && await events.NextAsync() is { } next)
                {
                    if (next.Kind == "message")
                    {
                        counts.Add(next.Json.GetProperty("count").GetInt32());
                    }
                }

                Ensure.That(counts.SequenceEqual(Enumerable.Range(1, 200)), "CU-ABI-6: the counter replies are not 1..200 in order");
            });
    }

    /// <summary>Sends one message and expects: error with the problem, exit failed, close 1011.</summary>
    private static TimeSpan Patience(long deadlineMs) => TimeSpan.FromMilliseconds(deadlineMs) + TimeSpan.FromSeconds(10);

    internal static async Task ExpectFailureAsync(CheckContext c, string module, string message, string problem)
    {
        var worker = await c.CreateWorkerAsync(c.Package(module));
        await using var channel = await c.ConnectAsync(worker);
        await channel.SendTextAsync(message);
        var first = await channel.ReceiveAsync();
        while (first.Kind == "log")
        {
            first = await channel.ReceiveAsync();
        }

        Ensure.Equal("error", first.Kind, $"CU-CHAN-21: the event after the {problem} ({first.RawText})");
        Ensure.Equal("urn:compute-utility:problem:" + problem, first.Data.GetProperty("type").GetString(), "problem type of the error event");
        var exit = await channel.ReceiveAsync();
        Ensure.Equal("exit", exit.Kind, "CU-CHAN-21: the event after the error");
        Ensure.Equal("failed", exit.Data.GetProperty("reason").GetString(), "CU-CHAN-21: exit reason");
        var close = await channel.ReceiveAsync();
        Ensure.Equal("close", close.Kind, "CU-CHAN-22: after exit the channel closes");
        Ensure.Equal((WebSocketCloseStatus)1011, close.CloseStatus, "CU-CHAN-22: close code for a failed worker");
        Ensure.Equal("failed", (await c.SendAsync(HttpMethod.Get, worker.Path, token: worker.Token)).Json.GetProperty("state").GetString(), "worker state");
    }
}
