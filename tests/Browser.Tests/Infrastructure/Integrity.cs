namespace ComputeUtility.Browser.Tests.Infrastructure;

/// <summary>The manifest digests of the example packages, from <c>examples/integrity.json</c> (written by build.sh).</summary>
internal static class Integrity
{
    private static readonly Dictionary<string, string> Digests =
        JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(Repo.File("examples", "integrity.json")))!;

    public static string Of(string package) => Digests[package];
}
