using System.Diagnostics;

namespace ComputeUtility.Bench;

/// <summary>
/// A utility server the bench starts itself (cold starts, snapshots, load): its own free loopback
/// port and a fresh, empty cache directory, so the first worker has to fetch and compile. Disposing
/// kills exactly this process and removes the directory.
/// </summary>
internal sealed class ServerProcess : IDisposable
{
    private const int TailLines = 40;
    private readonly Process _process;
    private readonly Queue<string> _tail = new();
    private readonly string _cacheDirectory;

    private ServerProcess(Process process, Uri url, string cacheDirectory)
    {
        _process = process;
        Url = url;
        _cacheDirectory = cacheDirectory;
    }

    public Uri Url { get; }

    /// <summary>The server's process id (the <c>dotnet</c> host runs the app in this process), for reading its memory.</summary>
    public int Pid => _process.Id;

    /// <summary>From process start to the first 200 from /healthz.</summary>
    public double ReadyMs { get; private set; }

    public static async Task<ServerProcess> StartAsync(string serverDll, IReadOnlyList<string> extraArgs, TimeSpan readyWithin)
    {
        if (!File.Exists(serverDll))
        {
            throw new BenchFailure($"server assembly not found: {serverDll} (build it: dotnet build src/Utility.Server -c Release)");
        }

        var port = LoopbackPort.Free();
        var url = new Uri($"http://127.0.0.1:{port}");
        var cache = Directory.CreateTempSubdirectory("cu-bench-cold-").FullName;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(serverDll)!,
        };
        foreach (var arg in (string[])[serverDll, "--urls", url.ToString().TrimEnd('/'), "--Packages:CacheDirectory=" + cache, "--RateLimits:ExemptLoopback=true", .. extraArgs])
        {
            start.ArgumentList.Add(arg);
        }

        var stopwatch = Stopwatch.StartNew();
        var process = Process.Start(start) ?? throw new BenchFailure("could not start 'dotnet' for the server");
        var server = new ServerProcess(process, url, cache);
        process.OutputDataReceived += (_, e) => server.Remember(e.Data);
        process.ErrorDataReceived += (_, e) => server.Remember(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await server.WaitReadyAsync(readyWithin);
            server.ReadyMs = stopwatch.Elapsed.TotalMilliseconds;
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    private async Task WaitReadyAsync(TimeSpan within)
    {
        using var client = new UtilityClient(Url);
        using var deadline = new CancellationTokenSource(within);
        // Bounded: at most within / 20 ms polls.
        var polls = (int)(within.TotalMilliseconds / 20);
        for (var i = 0; i < polls; i++)
        {
            if (_process.HasExited)
            {
                throw new BenchFailure($"the server exited with code {_process.ExitCode} before it was ready; its last output:\n{Tail()}");
            }

            try
            {
                if (await client.IsHealthyAsync(deadline.Token))
                {
                    return;
                }

                await Task.Delay(20, deadline.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        throw new BenchFailure($"the server at {Url} did not answer /healthz within {within.TotalSeconds:0} s; its last output:\n{Tail()}");
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_tail)
        {
            _tail.Enqueue(line);
            if (_tail.Count > TailLines)
            {
                _tail.Dequeue();
            }
        }
    }

    private string Tail()
    {
        lock (_tail)
        {
            return _tail.Count == 0 ? "  (nothing)" : string.Join('\n', _tail.Select(l => "  " + l));
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone: nothing to stop.
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_cacheDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless; never fail the run for it.
        }
    }
}
