namespace ComputeUtility.Server.Messages;

/// <summary>What a message carries; the values are the ABI's <c>kind</c> and the snapshot's record byte (CU-ABI-8).</summary>
internal enum MessageKind
{
    /// <summary>Exactly one UTF-8 JSON value.</summary>
    Json = 0,

    /// <summary>Raw bytes.</summary>
    Binary = 1,
}
