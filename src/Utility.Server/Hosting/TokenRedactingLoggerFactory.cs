namespace ComputeUtility.Server.Hosting;

/// <summary>
/// The utility's logger factory: the loggers of the categories that quote what a client sent (Kestrel's, and
/// ASP.NET Core's request log, which a provider-specific rule can turn on past any filter) come wrapped in a
/// <see cref="TokenRedactingLogger"/>.
/// </summary>
internal sealed class TokenRedactingLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    private static readonly string[] QuotingCategories = ["Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Hosting.Diagnostics"];

    public ILogger CreateLogger(string categoryName)
    {
        var logger = inner.CreateLogger(categoryName);
        return QuotingCategories.Any(c => categoryName.StartsWith(c, StringComparison.Ordinal)) ? new TokenRedactingLogger(logger) : logger;
    }

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose() => inner.Dispose();
}
