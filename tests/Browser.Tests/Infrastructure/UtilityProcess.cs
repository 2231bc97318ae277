using System.Diagnostics;

namespace ComputeUtility.Browser.Tests.Infrastructure;

/// <summary>
/// The built utility server started as a child process on a free loopback port, with its own empty
/// cache and discovery off; <see cref="Kill"/> ends exactly this process, as a crash would.
/// </summary>
public sealed class UtilityProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _cache;
    private readonly List<string> _output = [];

    private UtilityProcess(Process process, Uri url, string cache)
    {
        _process = process;
        Url = url;
        _cache = cache;
    }

    /// <summary>The utility's origin, e.g. <c>http://127.0.0.1:40123</c> (no trailing slash).</summary>
    public string Origin => Url.GetLeftPart(UriPartial.Authority);

    public Uri Url { get; }

    /// <summary>What the server printed, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output.TakeLast(40));
            }
        }
    }

    public static Task<UtilityProcess> StartAsync(params string[] settings) => StartAsync(null, settings);

    /// <param name="environment">Variables to add to the process's environment (e.g. NOTIFY_SOCKET).</param>
    public static async Task<UtilityProcess> StartAsync(IReadOnlyDictionary<string, string>? environment, params string[] settings)
    {
        var dll = Repo.ServerDll;
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"The utility is not built: {dll} is missing (dotnet build ComputeUtility.sln).");
        }

        var url = new Uri($"http://127.0.0.1:{LoopbackPort.Free()}");
        var cache = Directory.CreateTempSubdirectory("cu-browser-tests-").FullName;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        string[] args = [dll, "--urls", url.GetLeftPart(UriPartial.Authority), "--Discovery:Enabled=false", "--RateLimits:ExemptLoopback=true", "--Packages:CacheDirectory=" + cache,
            // Page origins the owner allows on the dashboard: a file of this process's own, never the user's state folder.
            "--Cors:OriginPermissionFile=" + cache + ".origins.json", .. settings];
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        var utility = new UtilityProcess(process, url, cache);
        process.OutputDataReceived += (_, e) => utility.Remember(e.Data);
        process.ErrorDataReceived += (_, e) => utility.Remember(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await utility.WaitReadyAsync();
            return utility;
        }
        catch
        {
            await utility.DisposeAsync();
            throw;
        }
    }

    /// <summary>The port the utility listens on for plain HTTP.</summary>
    public int Port => Url.Port;

    /// <summary>Runs the utility with these arguments and no others, expecting it to exit on its own (bounded by <paramref name="timeout"/>).</summary>
    public static async Task<(int ExitCode, string Output)> RunToExitAsync(TimeSpan timeout, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(Repo.ServerDll)!,
        };
        foreach (var arg in (string[])[Repo.ServerDll, .. args])
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the utility did not exit within {timeout}: {await stdout}{await stderr}");
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>Ends the server at once (SIGKILL): its connections break without a close handshake.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
    }

    /// <summary>Stops the server with SIGSTOP: it hangs, and its sockets stay open with nobody behind them.</summary>
    public void Hang() => Signal("-STOP");

    /// <summary>Lets a server stopped by <see cref="Hang"/> run again (SIGCONT).</summary>
    public void Resume() => Signal("-CONT");

    public ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
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

        return ValueTask.CompletedTask;
    }

    private void Signal(string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", [signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])
            { UseShellExecute = false }) ?? throw new InvalidOperationException("could not run kill");
        kill.WaitForExit(10_000);
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill {signal} {_process.Id} exited with {kill.ExitCode}");
        }
    }

    private bool SaidItListensOn(int port)
    {
        lock (_output)
        {
            return _output.Any(line => line.Contains("Now listening on:", StringComparison.Ordinal)
                && line.TrimEnd().EndsWith($":{port}", StringComparison.Ordinal));
        }
    }

    private async Task WaitReadyAsync()
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        // Bounded: 30 s in 100 ms polls.
        for (var i = 0; i < 300; i++)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The utility exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                using var response = await client.GetAsync(new Uri(Url, "/healthz"));

                // Another utility (of a test running alongside) may hold a port this one was given: ready means
                // this process said it listens there, and the port answers.
                if (response.IsSuccessStatusCode && SaidItListensOn(Port))
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException)
            {
                // not answering yet
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The utility did not answer /healthz within 30 s:\n{Output}");
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Add(line);
        }
    }
}
