namespace ComputeUtility.Server.Workers;

/// <summary>Life of a worker: running until it fails (a trap or deadline) or is terminated.</summary>
internal enum WorkerState
{
    Running,
    Failed,
    Terminated,
}
