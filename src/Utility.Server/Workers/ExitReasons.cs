namespace ComputeUtility.Server.Workers;

/// <summary>Why a worker ended, as the <c>exit</c> event reports it.</summary>
internal static class ExitReasons
{
    public const string Terminated = "terminated";
    public const string IdleTimeout = "idle-timeout";
    public const string Orphaned = "orphaned";
    public const string ProcExit = "proc-exit";
    public const string Shutdown = "shutdown";
    public const string Failed = "failed";
}
