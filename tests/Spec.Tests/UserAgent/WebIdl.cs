using System.Diagnostics;
using System.Text.Json;

namespace ComputeUtility.Spec.Tests.UserAgent;

/// <summary>The WebIDL blocks of a Markdown file as npm webidl2 parses and validates them (tests/Spec.Tests/webidl/members.mjs).</summary>
internal sealed record WebIdl(int Blocks, IReadOnlyList<string> Errors, IReadOnlyDictionary<string, WebIdlInterface> Interfaces, IReadOnlyDictionary<string, IReadOnlyList<string>> Dictionaries)
{
    private static readonly string Folder = Repo.PathOf("tests/Spec.Tests/webidl");

    public static WebIdl Read(string markdownFile)
    {
        if (!File.Exists(Path.Combine(Folder, "node_modules", "webidl2", "package.json")))
        {
            throw new InvalidOperationException($"webidl2 is not installed: run `npm ci` in {Folder} (./test.sh does).");
        }

        var start = new ProcessStartInfo("node", ["members.mjs", markdownFile])
        {
            WorkingDirectory = Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var node = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var stderr = node.StandardError.ReadToEndAsync();
        var stdout = node.StandardOutput.ReadToEnd();
        if (!node.WaitForExit(TimeSpan.FromMinutes(2)) || node.ExitCode != 0)
        {
            throw new InvalidOperationException($"members.mjs failed: {stderr.Result}");
        }

        return JsonSerializer.Deserialize<WebIdl>(stdout, new JsonSerializerOptions(JsonSerializerDefaults.Web))
            ?? throw new InvalidOperationException("members.mjs printed nothing");
    }
}

/// <summary>One interface: its member names (the constructor as "constructor"), extended attributes (<c>Exposed=Window</c>) and parent.</summary>
internal sealed record WebIdlInterface(IReadOnlyList<string> Members, IReadOnlyList<string> ExtAttrs, string? Inheritance);
