using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace ComputeUtility.Conformance.Tests.NodeImplementation;

/// <summary>
/// The Node.js utility of examples/node-utility, started as its README says, on a free loopback
/// port, with the suite's origin allow-listed and short deadlines so that the suite waits less.
/// </summary>
internal sealed class NodeUtilityProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output;

    private NodeUtilityProcess(Process process, StringBuilder output, Uri baseUri)
    {
        _process = process;
        _output = output;
        BaseUri = baseUri;
    }

    public Uri BaseUri { get; }

    /// <summary>What the process wrote so far, for assertion messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static string Directory { get; } = Path.Combine(RepositoryRoot(), "examples", "node-utility");

    public static async Task<NodeUtilityProcess> StartAsync(string allowedOrigin)
    {
        if (!System.IO.Directory.Exists(Path.Combine(Directory, "node_modules", "ws")))
        {
            throw new InvalidOperationException(
                $"{Directory}/node_modules is missing: run `npm ci` there first (./test.sh does it).");
        }

        var port = FreePort();
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     "src/main.js", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--allow-origin", allowedOrigin, "--cors-origin", allowedOrigin,
                     "--message-deadline-ms", "2000", "--idle-timeout-seconds", "5", "--max-workers", "16", "--heartbeat-interval-ms", "500",
                     "--limit", "maxQueuedMessages=256",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        var output = new StringBuilder();
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("node (v20 or later) is needed to run the Node utility: " + ex.Message, ex);
        }

        void Record(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (output)
            {
                output.AppendLine(line);
            }

            if (line.Contains("listening on", StringComparison.Ordinal))
            {
                listening.TrySetResult();
            }
        }

        process.OutputDataReceived += (_, e) => Record(e.Data);
        process.ErrorDataReceived += (_, e) => Record(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var utility = new NodeUtilityProcess(process, output, new Uri($"http://127.0.0.1:{port}/"));
        var exited = process.WaitForExitAsync();
        if (await Task.WhenAny(listening.Task, exited, Task.Delay(TimeSpan.FromSeconds(30))) != listening.Task)
        {
            await utility.DisposeAsync();
            throw new InvalidOperationException("the Node utility did not start listening:\n" + utility.Output);
        }

        return utility;
    }

    /// <summary>Asks the utility to stop, as an operator's SIGTERM does, and waits until it has exited.</summary>
    public async Task StopAsync(TimeSpan within)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await _process.WaitForExitAsync().WaitAsync(within);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ComputeUtility.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("ComputeUtility.sln not found above " + AppContext.BaseDirectory);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
