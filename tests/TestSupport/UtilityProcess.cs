using System.Diagnostics;
using System.Globalization;
using ComputeUtility.Client;

namespace ComputeUtility.TestSupport;

/// <summary>
/// The built utility server started as a child process on a free loopback port, with its own empty cache and
/// page-origin file and discovery off (a test must not announce itself on the network; settings given later
/// win). Ready once it said it listens on its port and <c>GET /healthz</c> answers. Disposing kills exactly
/// this process and removes its files; <see cref="Kill"/> and <see cref="Hang"/> end or stop it as a crash would.
/// </summary>
public sealed class UtilityProcess : IAsyncDisposable, IDisposable
{
    // A hang guard, not a bound: a loaded machine (several test hosts starting at once) may take long to start one.
    private static readonly TimeSpan DefaultReadyWithin = TimeSpan.FromSeconds(90);
    private readonly Process _process;
    private readonly string _cache;
    private readonly ProcessTail _output = new(lines: 40);
    private volatile bool _listening;
    private bool _hung;

    private UtilityProcess(Process process, Uri url, string cache)
    {
        _process = process;
        Url = url;
        _cache = cache;
    }

    /// <summary>The utility's base URL, e.g. <c>http://127.0.0.1:40123/</c>.</summary>
    public Uri Url { get; }

    /// <summary>The utility's origin, e.g. <c>http://127.0.0.1:40123</c> (no trailing slash).</summary>
    public string Origin => Url.GetLeftPart(UriPartial.Authority);

    /// <summary>The port the utility listens on for plain HTTP.</summary>
    public int Port => Url.Port;

    /// <summary>The server's process id (the <c>dotnet</c> host runs the app in this process), e.g. for reading its memory.</summary>
    public int Pid => _process.Id;

    /// <summary>From process start to the first <c>200</c> from <c>/healthz</c>.</summary>
    public double ReadyMs { get; private set; }

    /// <summary>The last lines the server printed, for failure messages.</summary>
    public string Output => _output.Text;

    /// <summary>Starts the utility of this build configuration (<see cref="ServerBuild.Dll"/>) with these settings.</summary>
    public static Task<UtilityProcess> StartAsync(params string[] settings) => StartAsync(ServerBuild.Dll, DefaultReadyWithin, settings);

    /// <summary>As <see cref="StartAsync(string[])"/>, with variables added to the process's environment (e.g. NOTIFY_SOCKET).</summary>
    public static Task<UtilityProcess> StartAsync(IReadOnlyDictionary<string, string>? environment, params string[] settings) =>
        StartAsync(ServerBuild.Dll, DefaultReadyWithin, settings, environment);

    /// <summary>Starts <paramref name="serverDll"/> with <paramref name="settings"/> and waits at most <paramref name="readyWithin"/> for it to be ready.</summary>
    /// <exception cref="UtilityProcessException">The server is not built, exited before it was ready, or did not answer <c>/healthz</c> in time.</exception>
    public static async Task<UtilityProcess> StartAsync(string serverDll, TimeSpan readyWithin, IReadOnlyList<string> settings,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!File.Exists(serverDll))
        {
            throw new UtilityProcessException($"The utility is not built: {serverDll} is missing (dotnet build src/Utility.Server).");
        }

        var url = new Uri($"http://127.0.0.1:{LoopbackPort.Free()}/");
        var cache = Directory.CreateTempSubdirectory("cu-utility-process-").FullName;
        var start = StartInfo(serverDll, [serverDll, "--urls", url.GetLeftPart(UriPartial.Authority), "--Discovery:Enabled=false",
            "--RateLimits:ExemptLoopback=true", "--Packages:CacheDirectory=" + cache,
            // Page origins the owner allows on the dashboard: a file of this process's own, never the user's state folder.
            "--Cors:OriginPermissionFile=" + cache + ".origins.json", .. settings,
            // Readiness waits for the "Now listening on:" line, which quieter log settings would hide.
            "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information"]);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var clock = Stopwatch.StartNew();
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        var utility = new UtilityProcess(process, url, cache);
        process.OutputDataReceived += (_, e) => utility.Remember(e.Data);
        process.ErrorDataReceived += (_, e) => utility.Remember(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await utility.WaitReadyAsync(readyWithin).ConfigureAwait(false);
            utility.ReadyMs = clock.Elapsed.TotalMilliseconds;
            return utility;
        }
        catch
        {
            utility.Dispose();
            throw;
        }
    }

    /// <summary>Runs the utility with these arguments and no others, expecting it to exit on its own (bounded by <paramref name="timeout"/>).</summary>
    public static async Task<(int ExitCode, string Output)> RunToExitAsync(TimeSpan timeout, params string[] args)
    {
        using var process = Process.Start(StartInfo(ServerBuild.Dll, [ServerBuild.Dll, .. args])) ?? throw new InvalidOperationException("could not start dotnet");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the utility did not exit within {timeout}: {await stdout.ConfigureAwait(false)}{await stderr.ConfigureAwait(false)}");
        }

        return (process.ExitCode, await stdout.ConfigureAwait(false) + await stderr.ConfigureAwait(false));
    }

    /// <summary>Ends the server at once (SIGKILL): its connections break without a close handshake.</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone: nothing to stop.
        }
    }

    /// <summary>Asks the server to shut down (SIGTERM), as a service manager does; it ends on its own.</summary>
    public void Terminate() => Signal("-TERM");

    /// <summary>Stops the server with SIGSTOP: it hangs, and its sockets stay open with nobody behind them.</summary>
    public void Hang()
    {
        Signal("-STOP");
        _hung = true;
    }

    /// <summary>Lets a server stopped by <see cref="Hang"/> run again (SIGCONT).</summary>
    public void Resume()
    {
        Signal("-CONT");
        _hung = false;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_hung && !_process.HasExited)
        {
            Resume(); // a stopped process would take its SIGKILL just as well; this keeps its end orderly for the logs
        }

        Kill();
        _process.Dispose();
        File.Delete(_cache + ".origins.json");
        try
        {
            Directory.Delete(_cache, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open; the temp folder is cleaned by the system.
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private static ProcessStartInfo StartInfo(string serverDll, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(serverDll)!,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return start;
    }

    private async Task WaitReadyAsync(TimeSpan within)
    {
        using var client = new UtilityClient(Url);
        using var deadline = new CancellationTokenSource(within);
        // Bounded by the deadline: one probe every 20 ms, each given at most 2 s.
        while (!deadline.IsCancellationRequested)
        {
            if (_process.HasExited)
            {
                throw new UtilityProcessException($"The utility exited with {_process.ExitCode} before it was ready:\n{Output}");
            }

            // Another utility (of a test running alongside) may hold a port this one was given: ready means this
            // process said it listens there, and the port answers.
            using var probe = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);
            probe.CancelAfter(TimeSpan.FromSeconds(2));
            try
            {
                if (_listening && await client.IsHealthyAsync(probe.Token).ConfigureAwait(false))
                {
                    return;
                }

                await Task.Delay(20, deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // A slow probe, or the deadline: the loop condition decides.
            }
        }

        throw new UtilityProcessException($"The utility at {Url} did not answer /healthz within {within.TotalSeconds:0} s:\n{Output}");
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        if (line.Contains("Now listening on:", StringComparison.Ordinal) && line.TrimEnd().EndsWith(":" + Port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal))
        {
            _listening = true;
        }

        _output.Add(line);
    }

    private void Signal(string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", [signal, _process.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })
            ?? throw new InvalidOperationException("could not run kill");
        kill.WaitForExit(10_000);
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill {signal} {_process.Id} exited with {kill.ExitCode}");
        }
    }
}
