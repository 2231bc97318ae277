namespace ComputeUtility.Server.Tests.Conformance;

/// <summary>
/// Whole conformance runs go one at a time, after the other tests: they time guest deadlines
/// and stream thousands of messages, which a 2-core machine busy with every other test would slow.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConformanceCollection
{
    public const string Name = "conformance runs";
}
