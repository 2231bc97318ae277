namespace ComputeUtility.TestSupport;

/// <summary>A utility process could not be made ready: not built, exited early, or silent on <c>/healthz</c>; the message carries its last output.</summary>
public sealed class UtilityProcessException(string message) : Exception(message);
