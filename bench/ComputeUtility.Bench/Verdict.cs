namespace ComputeUtility.Bench;

/// <summary>How a row compares with its target.</summary>
internal enum Verdict
{
    Met,
    Missed,
    NoTarget,
    Failed,
}
