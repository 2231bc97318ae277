namespace ComputeUtility.Discovery.Browsing;

/// <summary>The utility a Found, Updated or Lost event is about.</summary>
public sealed class UtilityEventArgs(DiscoveredUtility utility) : EventArgs
{
    public DiscoveredUtility Utility { get; } = utility;
}
