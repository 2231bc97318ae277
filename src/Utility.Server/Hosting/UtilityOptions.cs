namespace ComputeUtility.Server.Hosting;

/// <summary>Identity of this utility as it describes itself.</summary>
public sealed class UtilityOptions
{
    public const string Section = "Utility";

    /// <summary>Human name in the descriptor; empty means the host name.</summary>
    public string? Name { get; set; }

    /// <summary>How long a descriptor may be cached by clients.</summary>
    public int DescriptorMaxAgeSeconds { get; set; } = 5;
}
