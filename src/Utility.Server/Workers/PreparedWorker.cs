using ComputeUtility.Server.Access;
using ComputeUtility.Server.Sandbox;

namespace ComputeUtility.Server.Workers;

/// <summary>A worker instantiated with restored state but not started: nothing is delivered to it and nobody can find it yet.</summary>
internal sealed record PreparedWorker(Worker Worker, WorkerToken Token, ReactorInstance Instance) : IDisposable
{
    public void Dispose() => Instance.Dispose();
}
