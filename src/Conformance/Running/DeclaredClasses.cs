using System.Text.Json;

namespace ComputeUtility.Conformance.Running;

/// <summary>Which conformance classes a descriptor declares (section 1.2, the table's last column).</summary>
internal static class DeclaredClasses
{
    /// <summary>The <c>features</c> values that declare each optional class; core and discovery are not declared by a feature.</summary>
    private static readonly Dictionary<string, string[]> Features = new(StringComparer.Ordinal)
    {
        ["messaging"] = ["channel.websocket", "channel.http"],
        ["tasks"] = ["tasks"],
        ["estimates"] = ["estimates"],
        ["snapshots"] = ["snapshots"],
    };

    public static bool Declares(JsonElement descriptor, string profile)
    {
        if (!Features.TryGetValue(profile, out var needed))
        {
            return true; // core binds every utility; discovery is declared by being found, which its checks find out
        }

        var listed = descriptor.ValueKind == JsonValueKind.Object && descriptor.TryGetProperty("features", out var features)
                     && features.ValueKind == JsonValueKind.Array
            ? features.EnumerateArray().Where(f => f.ValueKind == JsonValueKind.String).Select(f => f.GetString()!).ToHashSet(StringComparer.Ordinal)
            : [];
        return needed.All(listed.Contains);
    }

    public static string Describe(string profile) =>
        Features.TryGetValue(profile, out var needed)
            ? needed.Length == 1 ? $"features does not list '{needed[0]}'" : "features does not list all of " + string.Join(", ", needed.Select(f => $"'{f}'"))
            : profile;
}
