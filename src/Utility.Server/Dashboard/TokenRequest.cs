namespace ComputeUtility.Server.Dashboard;

/// <summary>The dashboard's request for a new access token.</summary>
internal sealed record TokenRequest(string? Label);
