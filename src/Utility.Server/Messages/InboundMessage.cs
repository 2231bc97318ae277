namespace ComputeUtility.Server.Messages;

/// <summary>A message accepted for a worker, in the order it was accepted.</summary>
internal readonly record struct InboundMessage(long Sequence, ReadOnlyMemory<byte> Payload, MessageKind Kind);
