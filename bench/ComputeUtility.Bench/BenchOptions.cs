namespace ComputeUtility.Bench;

/// <summary>
/// Command line of the harness. Counts default to the figures the targets are defined with;
/// <c>--quick</c> divides them by ten for a smoke run (its numbers are not the benchmark).
/// </summary>
internal sealed class BenchOptions
{
    public const string Usage = """
        usage: ComputeUtility.Bench --url http://127.0.0.1:PORT [options]
          --url URL           the running utility to measure (loopback only)
          --server-dll PATH   ComputeUtility.Server.dll, to start fresh servers for the cold-start row
          --server-arg ARG    extra argument for those fresh servers (repeatable; pass what the main server got)
          --repo DIR          repository root (default: found upwards from the current directory)
          --native PATH       native spheres binary (default: REPO/bench/peers/out/spheres-native)
          --node PATH         Node 20 executable (default: node)
          --rows 1,2,...      only these rows (default: 1 to 8 and 13; rows 9, load, 10, soak, and 11,
                              deadlines under load, run only when named)
                              13, the kernel suite, is in the default set; 14, density, and 15,
                              deadline overshoot, run only when named
          --quick             one tenth of every count: a smoke run, not a measurement (row 9: 10 workers × 500)
          --load-workers N    row 9: concurrent workers (default 100)
          --load-ws-messages N    row 9: messages per worker over WebSocket (default 10,000)
          --load-http-messages N  row 9: messages per worker over HTTP + SSE (default 10,000)
          --soak-minutes N    row 10, the soak (runs only when named: --rows 10): minutes of load cycles (default 10)
          --soak-plot PATH    row 10: where the plot goes (default REPO/docs/soak.svg; the samples go beside it as .csv)
        """;

    public required Uri Url { get; init; }

    public string? ServerDll { get; init; }

    public IReadOnlyList<string> ServerArgs { get; init; } = [];

    public required string RepoRoot { get; init; }

    public required string NativeBinary { get; init; }

    public string Node { get; init; } = "node";

    /// <summary>Row 13: the native build of bench/kernels (bench/peers/build-native.sh).</summary>
    public required string KernelsNativeBinary { get; init; }

    /// <summary>Row 13: the bare Wasmtime host (bench/peers/WasmtimeHost).</summary>
    public required string WasmtimeHost { get; init; }

    /// <summary>Row 13: interleaved rounds over every kernel and runtime.</summary>
    public int KernelRounds => Quick ? 2 : 5;

    public IReadOnlySet<int> Rows { get; init; } = new HashSet<int> { 1, 2, 3, 4, 5, 6, 7, 8, 13, 14, 15, 16 };

    public bool Quick { get; init; }

    public int RoundTripWarmup => Scaled(2_000);

    public int RoundTripMeasured => Scaled(20_000);

    public int PipelineMessages => Scaled(200_000);

    public int WorkerStarts => Scaled(200);

    public int ColdStarts => Quick ? 1 : 3;

    public int TaskRuns => Scaled(200);

    /// <summary>Row 12: event streams opened and hung up on one idle worker.</summary>
    public int HungUpStreams => Quick ? 100 : 1_000;

    public int KernelRuns => Quick ? 3 : 7;

    /// <summary>Row 9: the full size, 100 workers × 10,000 messages on both paths (HTTP takes ~70 s of it on 2 cores).</summary>
    public LoadSize Load { get; init; } = new(100, 10_000, 10_000);

    /// <summary>Row 10: 10 minutes of cycles of 20 workers × 2,000 messages (WebSocket) and × 200 (HTTP + SSE).</summary>
    public required SoakSize Soak { get; init; }

    private int Scaled(int count) => Quick ? count / 10 : count;

    public static BenchOptions Parse(string[] args)
    {
        string? url = null, serverDll = null, repo = null, native = null, node = null;
        var serverArgs = new List<string>();
        var rows = new HashSet<int> { 1, 2, 3, 4, 5, 6, 7, 8, 13, 14, 15, 16 };
        var quick = false;
        int? loadWorkers = null, loadWs = null, loadHttp = null, soakMinutes = null;
        string? soakPlot = null;
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new BenchFailure($"{args[i]} needs a value\n{Usage}");
            switch (args[i])
            {
                case "--url": url = Value(); break;
                case "--server-dll": serverDll = Path.GetFullPath(Value()); break;
                case "--server-arg": serverArgs.Add(Value()); break;
                case "--repo": repo = Path.GetFullPath(Value()); break;
                case "--native": native = Path.GetFullPath(Value()); break;
                case "--node": node = Value(); break;
                case "--rows": rows = ParseRows(Value()); break;
                case "--quick": quick = true; break;
                case "--load-workers": loadWorkers = Count(args[i], Value(), 1_000); break;
                case "--load-ws-messages": loadWs = Count(args[i], Value(), 1_000_000); break;
                case "--load-http-messages": loadHttp = Count(args[i], Value(), 1_000_000); break;
                case "--soak-minutes": soakMinutes = Count(args[i], Value(), 24 * 60); break;
                case "--soak-plot": soakPlot = Path.GetFullPath(Value()); break;
                default: throw new BenchFailure($"unknown option {args[i]}\n{Usage}");
            }
        }

        if (url is null)
        {
            throw new BenchFailure("--url is required\n" + Usage);
        }

        repo ??= FindRepoRoot();
        return new BenchOptions
        {
            Url = RequireLoopback(url),
            ServerDll = serverDll,
            ServerArgs = serverArgs,
            RepoRoot = repo,
            NativeBinary = native ?? Path.Combine(repo, "bench", "peers", "out", "spheres-native"),
            KernelsNativeBinary = Path.Combine(Path.GetDirectoryName(native ?? Path.Combine(repo, "bench", "peers", "out", "x"))!, "kernels-native"),
            WasmtimeHost = Path.Combine(repo, "bench", "peers", "WasmtimeHost", "bin", "Release", "net10.0", "wasmtime-host"),
            Node = node ?? "node",
            Rows = rows,
            Quick = quick,
            Load = new LoadSize(loadWorkers ?? (quick ? 10 : 100), loadWs ?? (quick ? 500 : 10_000), loadHttp ?? (quick ? 500 : 10_000)),
            Soak = SoakOf(soakMinutes ?? (quick ? 1 : 10), quick, soakPlot ?? Path.Combine(repo, "docs", "soak.svg")),
        };
    }

    private static SoakSize SoakOf(int minutes, bool quick, string plot) =>
        new(TimeSpan.FromMinutes(minutes), quick ? 5 : 20, quick ? 200 : 2_000, quick ? 50 : 200, Path.ChangeExtension(plot, ".csv"), plot);

    private static HashSet<int> ParseRows(string list)
    {
        var rows = new HashSet<int>();
        foreach (var part in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, out var row) || row is < 1 or > 16)
            {
                throw new BenchFailure($"--rows takes numbers 1 to 16, not '{part}'");
            }

            rows.Add(row);
        }

        return rows;
    }

    private static int Count(string option, string value, int max) =>
        int.TryParse(value, out var count) && count >= 1 && count <= max
            ? count
            : throw new BenchFailure($"{option} takes a number from 1 to {max:N0}, not '{value}'");

    // Bounded walk: at most the depth of the path.
    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ComputeUtility.sln")))
            {
                return dir.FullName;
            }
        }

        throw new BenchFailure("could not find the repository root (ComputeUtility.sln) above the current directory; pass --repo");
    }

    /// <summary>Refuses any base URL that is not a literal loopback address: the bench never leaves the box.</summary>
    private static Uri RequireLoopback(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != "http"
            || !System.Net.IPAddress.TryParse(uri.Host, out var address) || !System.Net.IPAddress.IsLoopback(address))
        {
            throw new BenchFailure($"--url must be http://127.0.0.1:PORT (loopback only), not '{url}'");
        }

        return new Uri(uri.GetLeftPart(UriPartial.Authority));
    }
}
