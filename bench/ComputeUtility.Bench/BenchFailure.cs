namespace ComputeUtility.Bench;

/// <summary>A measurement could not be made (server down, bad answer, timeout); the message says which and why.</summary>
internal sealed class BenchFailure(string message, Exception? inner = null) : Exception(message, inner);
