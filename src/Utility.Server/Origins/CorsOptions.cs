namespace ComputeUtility.Server.Origins;

/// <summary>Which web pages may call the utility from a browser.</summary>
public sealed class CorsOptions
{
    public const string Section = "Cors";

    /// <summary>
    /// Page origins the owner permits besides the utility's own and those allowed on the dashboard (section 15.1);
    /// <c>*</c> permits every page (warned about at start and on the dashboard; the package origin rule still applies).
    /// </summary>
    public List<string> AllowedOrigins { get; set; } = [];

    /// <summary>Where the page origins allowed or denied on the dashboard are kept (mode 0600); empty means <c>$XDG_STATE_HOME/compute-utility/origin-permissions.json</c>.</summary>
    public string OriginPermissionFile { get; set; } = "";

    /// <summary>Answer Private Network Access preflights with <c>Access-Control-Allow-Private-Network: true</c>.</summary>
    public bool AllowPrivateNetwork { get; set; } = true;

    public int MaxAgeSeconds { get; set; } = 600;
}
