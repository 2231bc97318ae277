namespace ComputeUtility.Client;

/// <summary>A snapshot of a worker (spec section 13): what it covers, and where and with which token to pull it.</summary>
/// <param name="Id">The snapshot id.</param>
/// <param name="WorkerId">The worker it was taken from.</param>
/// <param name="SizeBytes">The size of the snapshot bytes.</param>
/// <param name="Digest">The SRI digest of the snapshot bytes.</param>
/// <param name="CoversMessagesThrough">The last inbound message whose handling the captured memory reflects.</param>
/// <param name="HoldsMessagesThrough">The highest sequence number in the snapshot; replay only messages sent after it.</param>
/// <param name="CoversEventsThrough">The worker's last event id when it was taken.</param>
/// <param name="Url">Where to pull the bytes (and what a restoring utility is given).</param>
/// <param name="Token">The snapshot token: it opens this snapshot and nothing else.</param>
/// <param name="Pages">The page records in the bytes: the non-zero pages, or in a delta the pages changed since its base.</param>
/// <param name="Base">For a delta (spec section 13.5), the id of the snapshot it was taken against; null for a full snapshot.</param>
public sealed record Snapshot(string Id, string WorkerId, long SizeBytes, string Digest, long CoversMessagesThrough,
    long HoldsMessagesThrough, long CoversEventsThrough, Uri Url, string Token, int Pages = 0, string? Base = null);
