namespace ComputeUtility.Server.Tests.Architecture;

/// <summary>
/// The server's feature folders (namespaces ComputeUtility.Server.X) form no cycle: shared pieces sit below the
/// features, each feature imports only lower folders, and Hosting composes them (src/Utility.Server/README.md).
/// </summary>
public sealed class FeatureFolderCycleTests
{
    [Fact]
    public void The_server_feature_folders_depend_on_each_other_without_a_cycle()
    {
        var graph = ServerGraph();

        var cycles = graph.Cycles();

        Assert.True(cycles.Count == 0, "The server's feature folders form a cycle; move the shared piece below both.\n" + graph.Describe(cycles));
    }

    [Fact]
    public void The_dependency_graph_sees_the_composition_root_using_the_features()
    {
        var graph = ServerGraph();

        Assert.True(graph.HasEdge("Hosting", "Workers"), "The graph should see Hosting register the Workers feature.");
        Assert.True(graph.HasEdge("Workers", "Sandbox"), "The graph should see Workers run guests in the Sandbox.");
    }

    [Fact]
    public void The_cycle_finder_reports_a_cycle_in_a_made_up_graph_and_names_its_edges()
    {
        var graph = new FeatureGraph();
        graph.Add("Problems", "Sandbox", "ProblemMiddleware uses GuestFault");
        graph.Add("Sandbox", "Hosting", "WasmRuntime uses LimitsOptions");
        graph.Add("Hosting", "Problems", "AddComputeUtility uses ProblemWriter");
        graph.Add("Workers", "Sandbox", "Worker uses GuestCall");
        graph.Add("Http", "Http", "a folder naming itself is no cycle");

        var cycles = graph.Cycles();

        var cycle = Assert.Single(cycles);
        Assert.Equal(["Hosting", "Problems", "Sandbox"], cycle);
        var text = graph.Describe(cycles);
        Assert.Contains("Problems -> Sandbox: ProblemMiddleware uses GuestFault", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Workers", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_cycle_finder_accepts_a_layered_graph()
    {
        var graph = new FeatureGraph();
        graph.Add("Hosting", "Workers", "composition");
        graph.Add("Workers", "Sandbox", "runs guests");
        graph.Add("Workers", "Problems", "writes problems");
        graph.Add("Sandbox", "Problems", "writes problems");

        Assert.Empty(graph.Cycles());
    }

    internal static FeatureGraph ServerGraph()
    {
        var graph = new FeatureGraph();
        AssemblyDependencies.AddTo(graph, typeof(Program).Assembly.Location);
        SourceDependencies.AddTo(graph, Path.Combine(Repo.Root, "src", "Utility.Server"));
        return graph;
    }
}
