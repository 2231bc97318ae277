namespace ComputeUtility.Server.Http;

/// <summary>Whether a URL names this utility, as the client reached it: one rule for the demo origin and for snapshot pulls.</summary>
internal static class OwnAuthority
{
    /// <summary>
    /// True when <paramref name="url"/> has the scheme://host:port of <paramref name="selfAuthority"/>, or another loopback
    /// name with the same scheme and port (127.0.0.1 for localhost): a different scheme is another listener.
    /// </summary>
    public static bool Names(Uri url, string selfAuthority) =>
        Uri.TryCreate(selfAuthority, UriKind.Absolute, out var self)
        && (string.Equals(url.GetLeftPart(UriPartial.Authority), self.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase)
            || (url.IsLoopback && self.IsLoopback && url.Port == self.Port && url.Scheme == self.Scheme));
}
