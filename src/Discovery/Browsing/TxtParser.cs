namespace ComputeUtility.Discovery.Browsing;

/// <summary>RFC 6763 §6.3–§6.4: keys are case-insensitive, the first occurrence wins, a key without '=' is a flag.</summary>
internal static class TxtParser
{
    public static IReadOnlyDictionary<string, string?> Parse(IEnumerable<string> strings)
    {
        var keys = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in strings)
        {
            var equals = item.IndexOf('=', StringComparison.Ordinal);
            var key = (equals < 0 ? item : item[..equals]).ToLowerInvariant();
            if (key.Length > 0)
            {
                keys.TryAdd(key, equals < 0 ? null : item[(equals + 1)..]);
            }
        }

        return keys;
    }
}
