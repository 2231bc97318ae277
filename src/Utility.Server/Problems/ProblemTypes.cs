namespace ComputeUtility.Server.Problems;

/// <summary>The registry of problem types, as listed in spec/compute-utility.md.</summary>
public static class ProblemTypes
{
    public static readonly ProblemType InvalidRequest = new("invalid-request", 400, "The request is not valid");
    public static readonly ProblemType Unauthorized = new("unauthorized", 401, "A valid token for this resource is required");
    public static readonly ProblemType AccessTokenRequired = new("access-token-required", 401, "An access token from the utility's owner is required");
    public static readonly ProblemType OriginNotPermitted = new("origin-not-permitted", 403, "The page origin is not permitted by the utility's owner");
    public static readonly ProblemType OriginNotAllowed = new("origin-not-allowed", 403, "The package origin is not allowed");
    public static readonly ProblemType NotFound = new("not-found", 404, "No such resource");
    public static readonly ProblemType MethodNotAllowed = new("method-not-allowed", 405, "Method not allowed on this resource");
    public static readonly ProblemType RequestTimeout = new("request-timeout", 408, "The request did not arrive in time");
    public static readonly ProblemType WorkerGone = new("worker-gone", 410, "The worker has ended");
    public static readonly ProblemType MessageTooLarge = new("message-too-large", 413, "The message or request body is too large");
    public static readonly ProblemType UnsupportedMediaType = new("unsupported-media-type", 415, "Unsupported content type");
    public static readonly ProblemType IntegrityMismatch = new("integrity-mismatch", 422, "Content does not match its integrity digest");
    public static readonly ProblemType InvalidManifest = new("invalid-manifest", 422, "The package manifest is not valid");
    public static readonly ProblemType PackageTooLarge = new("package-too-large", 422, "The package exceeds a size limit");
    public static readonly ProblemType InvalidModule = new("invalid-module", 422, "The module is not valid WebAssembly for this utility");
    public static readonly ProblemType AbiMismatch = new("abi-mismatch", 422, "The module does not implement the guest ABI");
    public static readonly ProblemType GuestTrap = new("guest-trap", 422, "The guest trapped");
    public static readonly ProblemType DeadlineExceeded = new("deadline-exceeded", 422, "The guest ran past its deadline");
    public static readonly ProblemType TooManyMessages = new("too-many-messages", 429, "The worker's message queue is full");
    public static readonly ProblemType RateLimited = new("rate-limited", 429, "This client sent more requests than its rate limit allows");
    public static readonly ProblemType TooManyStreams = new("too-many-streams", 429, "This client has as many event streams open as it may");
    public static readonly ProblemType PackageFetchFailed = new("package-fetch-failed", 502, "The package could not be fetched from its origin");
    public static readonly ProblemType NotImplemented = new("not-implemented", 501, "This utility does not implement the feature");
    public static readonly ProblemType WorkerLimitReached = new("worker-limit-reached", 503, "The utility runs as many workers as it allows");
    public static readonly ProblemType ShuttingDown = new("shutting-down", 503, "The utility is shutting down");
    public static readonly ProblemType WebSocketRequired = new("websocket-required", 426, "This resource needs a WebSocket upgrade");
    public static readonly ProblemType InternalError = new("internal-error", 500, "The utility failed unexpectedly");

    /// <summary>Every problem type, for the registry test and documentation.</summary>
    public static IReadOnlyList<ProblemType> All { get; } =
    [
        InvalidRequest, Unauthorized, AccessTokenRequired, OriginNotPermitted, OriginNotAllowed, NotFound, MethodNotAllowed, RequestTimeout, WorkerGone,
        MessageTooLarge, UnsupportedMediaType, IntegrityMismatch, InvalidManifest, PackageTooLarge, InvalidModule,
        AbiMismatch, GuestTrap, DeadlineExceeded, TooManyMessages, RateLimited, TooManyStreams, PackageFetchFailed, NotImplemented,
        WorkerLimitReached, ShuttingDown, WebSocketRequired, InternalError,
    ];
}
