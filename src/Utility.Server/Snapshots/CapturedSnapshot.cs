namespace ComputeUtility.Server.Snapshots;

/// <summary>A snapshot just taken: its bytes in the format of spec 13.3, the last message it reflects, and the last event id then.</summary>
internal sealed record CapturedSnapshot(byte[] Bytes, long CoversMessagesThrough, long CoversEventsThrough);
