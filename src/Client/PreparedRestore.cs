namespace ComputeUtility.Client;

/// <summary>
/// A restore prepared on the destination of a live migration (spec section 13.5): the state of the last snapshot applied,
/// held in an instance that does not run yet.
/// </summary>
/// <param name="Id">The restore id.</param>
/// <param name="Digest">The digest of the last snapshot applied: the next delta must have been taken against that snapshot.</param>
/// <param name="MemoryBytes">The length of the memory the restore holds.</param>
/// <param name="CoversMessagesThrough">The last applied snapshot's <see cref="Snapshot.CoversMessagesThrough"/>.</param>
/// <param name="HoldsMessagesThrough">The last applied snapshot's <see cref="Snapshot.HoldsMessagesThrough"/>.</param>
/// <param name="Url">Where deltas are sent.</param>
/// <param name="Token">The restore token: it opens this restore and nothing else.</param>
public sealed record PreparedRestore(string Id, string Digest, long MemoryBytes, long CoversMessagesThrough, long HoldsMessagesThrough,
    Uri Url, string Token);
