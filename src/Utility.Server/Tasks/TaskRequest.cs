namespace ComputeUtility.Server.Tasks;

/// <summary>Body of <c>POST /v1/tasks</c>: a WASI command package, its arguments and stdin.</summary>
internal sealed record TaskRequest(string? Package, string? Integrity, IReadOnlyList<string>? Args, string? Stdin, string? StdinBase64);
