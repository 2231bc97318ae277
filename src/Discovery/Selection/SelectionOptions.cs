namespace ComputeUtility.Discovery.Selection;

/// <summary>Assumptions the selector makes where it has no measurement.</summary>
public sealed record SelectionOptions
{
    /// <summary>Descriptor fetches per utility; the quickest counts as its round trip.</summary>
    public int RoundTripSamples { get; init; } = 3;

    /// <summary>Link speed for the transfer estimate, in bits per second (100 Mbit/s: a modest LAN or 5G link).</summary>
    public double BandwidthBitsPerSecond { get; init; } = 100e6;

    /// <summary>How much faster than the client a utility computes when it gives no estimate of its own.</summary>
    public double AssumedSpeedup { get; init; } = 1.0;

    /// <summary>Throws when a value cannot work.</summary>
    public void Validate()
    {
        if (RoundTripSamples is < 1 or > 20 || BandwidthBitsPerSecond <= 0 || AssumedSpeedup <= 0)
        {
            throw new ArgumentException("SelectionOptions: RoundTripSamples must be 1–20, BandwidthBitsPerSecond and AssumedSpeedup positive");
        }
    }
}
