namespace ComputeUtility.Discovery.Cli.NativeHost;

/// <summary>A native messaging frame that cannot be read: the stream is out of step and the host stops.</summary>
internal sealed class NativeMessageFrameException(string message) : Exception(message);
