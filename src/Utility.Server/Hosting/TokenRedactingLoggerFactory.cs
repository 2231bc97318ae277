namespace ComputeUtility.Server.Hosting;

/// <summary>The utility's logger factory: Kestrel's loggers come wrapped in a <see cref="TokenRedactingLogger"/>.</summary>
internal sealed class TokenRedactingLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    private const string Kestrel = "Microsoft.AspNetCore.Server.Kestrel";

    public ILogger CreateLogger(string categoryName)
    {
        var logger = inner.CreateLogger(categoryName);
        return categoryName.StartsWith(Kestrel, StringComparison.Ordinal) ? new TokenRedactingLogger(logger) : logger;
    }

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose() => inner.Dispose();
}
