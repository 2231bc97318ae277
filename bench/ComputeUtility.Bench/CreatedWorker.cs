namespace ComputeUtility.Bench;

/// <summary>A worker the bench created: what it needs to talk to it and delete it, and how long the create took as seen by the client.</summary>
internal sealed record CreatedWorker(string Id, string Token, Uri ChannelUrl, double ClientMs);
