namespace ComputeUtility.Server.Migration;

/// <summary>The Restore resource (spec/schemas/restore.schema.json): a prepared restore and the snapshot it now holds.</summary>
/// <param name="Digest">The digest of the last snapshot applied: the next delta must have been taken against it.</param>
/// <param name="Token">The restore token, shown only in the 201 that created the restore.</param>
internal sealed record RestoreView(string Id, DateTimeOffset CreatedAt, string Digest, long MemoryBytes, long CoversMessagesThrough,
    long HoldsMessagesThrough, string Url, string? Token = null)
{
    public static RestoreView Of(PreparedRestore restore, string selfAuthority, bool withToken = false) =>
        new(restore.Id, restore.CreatedAt, restore.Digest, restore.Header.MemoryBytes, restore.Header.CoversMessagesThrough,
            restore.Pending.Count > 0 ? restore.Pending[^1].Sequence : restore.Header.CoversMessagesThrough,
            $"{selfAuthority}/v1/restores/{restore.Id}", withToken ? restore.Token.Value : null);
}
