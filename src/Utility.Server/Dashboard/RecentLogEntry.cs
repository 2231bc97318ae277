namespace ComputeUtility.Server.Dashboard;

/// <summary>One log line as the dashboard shows it.</summary>
internal sealed record RecentLogEntry(long Sequence, DateTimeOffset At, string Level, string Category, string Message);
