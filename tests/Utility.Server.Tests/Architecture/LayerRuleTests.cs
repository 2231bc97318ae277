namespace ComputeUtility.Server.Tests.Architecture;

/// <summary>The layer rule of src/Utility.Server/README.md: shared folders import no feature; nothing imports Hosting.</summary>
public sealed class LayerRuleTests
{
    private static readonly HashSet<string> Shared =
        ["Access", "RateLimits", "Measurements", "Events", "Messages", "Http", "Problems", "Limits", "Faults", "Storage", "Telemetry", "Logging", "Settings"];

    [Fact]
    public void Shared_folders_import_only_shared_folders()
    {
        var graph = FeatureFolderCycleTests.ServerGraph();

        var wrong = Shared
            .SelectMany(from => graph.Targets(from).Where(to => !Shared.Contains(to))
                .Select(to => $"{from} -> {to}: {string.Join("; ", graph.Examples(from, to))}"))
            .ToList();

        Assert.True(wrong.Count == 0, "A shared folder imports a feature:\n" + string.Join("\n", wrong));
    }

    [Fact]
    public void No_folder_imports_the_composition_root()
    {
        var graph = FeatureFolderCycleTests.ServerGraph();

        var importers = graph.Nodes.Where(from => graph.HasEdge(from, "Hosting")).ToList();

        Assert.Empty(importers);
    }

    [Fact]
    public void Every_shared_folder_named_in_the_rule_exists()
    {
        var graph = FeatureFolderCycleTests.ServerGraph();

        var missing = Shared.Except(graph.Nodes).ToList();
        Assert.True(missing.Count == 0, "Shared folders that no longer exist: " + string.Join(", ", missing));
        Assert.Contains("Shared", File.ReadAllText(Path.Combine(Repo.Root, "src", "Utility.Server", "README.md")), StringComparison.Ordinal);
    }
}
