namespace ComputeUtility.Server.Logging;

/// <summary>
/// Every event id the utility logs with, in one place, so that no two messages share one and an operator's filter
/// (a journald match, a log query) keeps meaning the same message. A range per step of the flow; a new message takes
/// the next free id of its range, and an id once used is never given to another message.
/// </summary>
internal static class LogEvents
{
    // 1–19: the host.
    public const int Listening = 1;
    public const int NotLoopback = 2;
    public const int DemoOrigin = 3;
    public const int ServingTheNetwork = 4;
    public const int UnhandledError = 10;

    // 20–29: packages.
    public const int BlobCorrupt = 20;
    public const int BlobWriteFailed = 21;
    public const int FetchFailed = 22;

    // 30–39: the sandbox.
    public const int CompiledModuleNotPersisted = 30;
    public const int CompiledModuleCorrupt = 31;

    // 40–49: workers.
    public const int WorkerCreated = 40;
    public const int WorkerIdle = 41;
    public const int ShuttingDown = 42;
    public const int WorkerOrphaned = 43;
    public const int MemoryGivenBack = 45;

    // 50–59: channels.
    public const int ChannelClosed = 50;

    // 60–69: TLS.
    public const int CertificateReloaded = 60;
    public const int CertificateUnreadable = 61;

    // 90–99: test faults.
    public const int FaultActive = 90;

    // 120–129: page origins.
    public const int OriginPending = 120;
    public const int AnyOriginAllowed = 121;
}
