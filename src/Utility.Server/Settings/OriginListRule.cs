namespace ComputeUtility.Server.Settings;

/// <summary>The rule for a configured list of origins, checked at start so a typo fails loudly instead of silently refusing.</summary>
internal static class OriginListRule
{
    /// <summary>One error for each entry of <paramref name="key"/> that is not written as scheme://host[:port].</summary>
    public static List<string> Check(string key, IEnumerable<string> origins, bool allowWildcard)
    {
        var errors = new List<string>();
        foreach (var origin in origins)
        {
            if (allowWildcard && origin == "*")
            {
                continue;
            }

            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri)
                || uri.Scheme is not ("http" or "https")
                || uri.PathAndQuery != "/" || origin.EndsWith('/'))
            {
                errors.Add($"{key} entry '{origin}' is not an origin; write it as scheme://host[:port], e.g. https://app.example.");
            }
        }

        return errors;
    }
}
