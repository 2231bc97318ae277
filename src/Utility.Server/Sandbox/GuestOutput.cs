namespace ComputeUtility.Server.Sandbox;

/// <summary>Where a guest's messages and console output go.</summary>
internal interface IGuestOutput
{
    /// <summary>A message the guest posted; <paramref name="kind"/> 0 is JSON text, 1 bytes. The span is valid only during the call.</summary>
    void OnMessage(ReadOnlySpan<byte> payload, int kind);

    /// <summary>A complete line the guest wrote to stdout or stderr.</summary>
    void OnLog(string stream, string line);
}
