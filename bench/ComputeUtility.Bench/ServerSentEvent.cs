namespace ComputeUtility.Bench;

/// <summary>One event of a worker's <c>/events</c> stream: its <c>id:</c>, <c>event:</c> and joined <c>data:</c> lines.</summary>
internal readonly record struct ServerSentEvent(long Id, string Kind, string Data);
