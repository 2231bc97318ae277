namespace ComputeUtility.Server.Hosting;

/// <summary>Which web pages may call the utility from a browser.</summary>
public sealed class CorsOptions
{
    public const string Section = "Cors";

    /// <summary>
    /// Page origins allowed to call the API; <c>*</c> allows any page (the package origin rule still applies).
    /// appsettings.json carries the default <c>["*"]</c>: a list default in code would be appended to, not replaced, by binding.
    /// </summary>
    public List<string> AllowedOrigins { get; set; } = [];

    /// <summary>Answer Private Network Access preflights with <c>Access-Control-Allow-Private-Network: true</c>.</summary>
    public bool AllowPrivateNetwork { get; set; } = true;

    public int MaxAgeSeconds { get; set; } = 600;
}
