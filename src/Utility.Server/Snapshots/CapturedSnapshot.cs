namespace ComputeUtility.Server.Snapshots;

/// <summary>A snapshot just taken: its bytes in the format of spec 13.3, and the last message it reflects.</summary>
internal sealed record CapturedSnapshot(byte[] Bytes, long CoversMessagesThrough);
