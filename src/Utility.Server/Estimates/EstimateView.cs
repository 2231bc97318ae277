namespace ComputeUtility.Server.Estimates;

/// <summary>The estimate answer (spec/schemas/estimate.schema.json).</summary>
internal sealed record EstimateView(double QueueMs, double ComputeMs, double TotalMs, double Confidence, long BasedOnRuns);
