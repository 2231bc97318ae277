namespace ComputeUtility.Server.Access;

/// <summary>An access token the owner made for a device or person; the secret is what they present.</summary>
internal sealed record AccessToken(string Id, string Label, string Secret, DateTimeOffset CreatedAt)
{
    public DateTimeOffset? RevokedAt { get; init; }

    public DateTimeOffset? LastUsedAt { get; init; }

    public bool Active => RevokedAt is null;
}
