namespace ComputeUtility.Server.Descriptor;

/// <summary>Identity of this utility as it describes itself.</summary>
public sealed class UtilityOptions
{
    public const string Section = "Utility";

    /// <summary>Human name in the descriptor; empty means the host name.</summary>
    public string? Name { get; set; }

    /// <summary>How long a descriptor may be cached by clients.</summary>
    public int DescriptorMaxAgeSeconds { get; set; } = 5;

    /// <summary>
    /// Where the secret behind the per-origin ids of the descriptor is kept (readable by the owner only); empty means
    /// <c>$XDG_STATE_HOME/compute-utility/descriptor-secret</c>. Deleting it gives every page origin a new id.
    /// </summary>
    public string SecretFile { get; set; } = "";
}
