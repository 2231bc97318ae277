namespace ComputeUtility.Bench;

/// <summary>A worker the bench created, and how long the create took as seen by the client.</summary>
internal sealed record CreatedWorker(Worker Worker, double ClientMs)
{
    public string Id => Worker.Id;

    public string Token => Worker.Token;

    public Uri ChannelUrl => Worker.Channel;
}
