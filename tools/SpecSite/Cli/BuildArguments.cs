namespace ComputeUtility.SpecSite.Cli;

/// <summary>The command line of the site builder: <c>--out DIR [--repo DIR] [--renderer FILE]</c>.</summary>
internal sealed record BuildArguments(string Repo, string Output, string Renderer)
{
    public const string Usage = "usage: ComputeUtility.SpecSite --out DIR [--repo DIR] [--renderer redoc.standalone.js]";

    /// <summary>The arguments, or the reasons they are wrong.</summary>
    public static (BuildArguments? Arguments, IReadOnlyList<string> Errors) Parse(string[] args, string workingDirectory)
    {
        var errors = new List<string>();
        string? repo = null, output = null, renderer = null;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--repo" when value is not null: repo = value; i++; break;
                case "--out" when value is not null: output = value; i++; break;
                case "--renderer" when value is not null: renderer = value; i++; break;
                default: errors.Add($"unknown or incomplete argument '{args[i]}'"); break;
            }
        }

        repo = repo is null ? FindRepo(workingDirectory) : Path.GetFullPath(repo, workingDirectory);
        if (repo is null || !File.Exists(Path.Combine(repo, "spec", "compute-utility.md")))
        {
            errors.Add("--repo must name the repository (the folder with spec/compute-utility.md); none found from the working directory");
        }

        if (output is null)
        {
            errors.Add("--out is required");
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        renderer = renderer is null
            ? Path.Combine(repo!, "tools", "SpecSite", "node_modules", "redoc", "bundles", "redoc.standalone.js")
            : Path.GetFullPath(renderer, workingDirectory);
        return (new BuildArguments(repo!, Path.GetFullPath(output!, workingDirectory), renderer), []);
    }

    private static string? FindRepo(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ComputeUtility.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
