namespace ComputeUtility.Server.Dashboard;

/// <summary>The dashboard's request to allow, deny or forget a page origin.</summary>
internal sealed record OriginRequest(string? Origin);
