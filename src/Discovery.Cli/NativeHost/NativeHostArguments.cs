namespace ComputeUtility.Discovery.Cli.NativeHost;

/// <summary>What the <c>native-host</c> verb was asked to do (<see cref="NativeHostCommandLine"/>).</summary>
internal sealed record NativeHostArguments
{
    /// <summary>The caller Chrome names as the first argument, <c>chrome-extension://ID/</c>; null when started by hand.</summary>
    public string? CallerOrigin { get; init; }

    public List<string> Interfaces { get; init; } = [];

    public bool IPv6 { get; init; } = true;
}
