namespace ComputeUtility.Server.Http;

/// <summary>Fixed paths that pieces below the features must recognise without depending on the feature that serves them.</summary>
internal static class WellKnownPaths
{
    /// <summary>The descriptor's well-known path (section 4).</summary>
    public const string Descriptor = "/.well-known/compute-utility";
}
