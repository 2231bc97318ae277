namespace ComputeUtility.Server.Tests.Architecture;

/// <summary>
/// Dependencies written in the source: <c>using</c> lines and fully qualified names of another feature folder.
/// They catch what the compiled code cannot show, such as a constant inlined from a sibling or an unused import.
/// </summary>
internal static partial class SourceDependencies
{
    [GeneratedRegex(@"^\s*namespace\s+ComputeUtility\.Server\.(?<feature>\w+)", RegexOptions.Multiline)]
    private static partial Regex Namespace();

    [GeneratedRegex(@"(?<!namespace\s+)\bComputeUtility\.Server\.(?<feature>\w+)")]
    private static partial Regex Reference();

    public static void AddTo(FeatureGraph graph, string sourceDirectory)
    {
        foreach (var file in Directory.EnumerateFiles(sourceDirectory, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(sourceDirectory, file).Replace('\\', '/');
            if (relative.StartsWith("obj/", StringComparison.Ordinal) || relative.StartsWith("bin/", StringComparison.Ordinal))
            {
                continue;
            }

            var text = File.ReadAllText(file);
            var own = Namespace().Match(text);
            if (!own.Success)
            {
                continue;
            }

            var from = own.Groups["feature"].Value;
            foreach (Match reference in Reference().Matches(text))
            {
                var to = reference.Groups["feature"].Value;
                graph.Add(from, to, $"{relative} names ComputeUtility.Server.{to}");
            }
        }
    }
}
