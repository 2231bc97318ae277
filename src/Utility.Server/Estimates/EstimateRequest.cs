namespace ComputeUtility.Server.Estimates;

/// <summary>Body of <c>POST /v1/estimates</c>.</summary>
internal sealed record EstimateRequest(string? Package, string? Integrity, long? InputBytes);
