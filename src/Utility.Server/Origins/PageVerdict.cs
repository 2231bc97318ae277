namespace ComputeUtility.Server.Origins;

/// <summary>How the utility treats a page origin (section 15.1).</summary>
internal enum PageVerdict
{
    /// <summary>Served: the utility's own origin, configured, allowed on the dashboard, or every origin is.</summary>
    Permitted,

    /// <summary>Not decided: refused with <c>origin-not-permitted</c>, but its answers carry CORS headers so the page can say why.</summary>
    Undecided,

    /// <summary>Denied by the owner: refused, and no CORS headers at all.</summary>
    Denied,
}
