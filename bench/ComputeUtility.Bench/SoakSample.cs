namespace ComputeUtility.Bench;

/// <summary>One reading of the server during the soak: seconds since the start, RSS, open handles, threads, and whether load ran.</summary>
internal sealed record SoakSample(double Seconds, long RssBytes, int Handles, int Threads, bool Loaded);
