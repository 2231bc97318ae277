using ComputeUtility.Server.Messages;

namespace ComputeUtility.Server.Sandbox;

/// <summary>Where a guest's messages and console output go.</summary>
internal interface IGuestOutput
{
    /// <summary>A message the guest posted; <paramref name="kind"/> says JSON text or bytes. The span is valid only during the call.</summary>
    void OnMessage(ReadOnlySpan<byte> payload, MessageKind kind);

    /// <summary>A complete line the guest wrote to stdout or stderr.</summary>
    void OnLog(string stream, string line);
}
