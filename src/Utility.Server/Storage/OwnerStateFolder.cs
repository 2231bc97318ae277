namespace ComputeUtility.Server.Storage;

/// <summary>
/// Where the utility keeps what its owner decided and must survive a restart (access tokens, page-origin decisions,
/// the descriptor secret) when no file is configured: <c>$XDG_STATE_HOME/compute-utility</c>, or
/// <c>~/.local/state/compute-utility</c> as the XDG Base Directory specification gives for an unset variable.
/// </summary>
internal static class OwnerStateFolder
{
    /// <summary>The configured path when there is one, else <paramref name="fileName"/> in the owner's state folder.</summary>
    public static string PathOf(string? configured, string fileName)
    {
        if (!string.IsNullOrEmpty(configured))
        {
            return configured;
        }

        var state = Environment.GetEnvironmentVariable("XDG_STATE_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state");
        return Path.Combine(state, "compute-utility", fileName);
    }
}
