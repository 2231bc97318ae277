using System.Net;
using ComputeUtility.Server.Demo;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace ComputeUtility.Server.Hosting;

/// <summary>Tells the person who started the utility where it listens and how to try it.</summary>
internal static partial class StartupBanner
{
    public static void Register(WebApplication app)
    {
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ComputeUtility");
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            foreach (var address in addresses)
            {
                LogListening(logger, address);
                if (Uri.TryCreate(address.Replace("://+", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri)
                    && !uri.IsLoopback && !(IPAddress.TryParse(uri.Host, out var ip) && IPAddress.IsLoopback(ip)))
                {
                    LogNotLoopback(logger, address);
                }
            }

            if (app.Services.GetRequiredService<DemoOrigin>().Enabled && addresses.FirstOrDefault() is { } first)
            {
                LogDemo(logger, $"{first}{DemoOrigin.PathPrefix}echo/manifest.json");
            }
        });
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Compute Utility listening on {Address} (descriptor at /.well-known/compute-utility, API docs at /docs)")]
    private static partial void LogListening(ILogger logger, string address);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Listening on {Address}, which is not loopback: other machines can reach this utility")]
    private static partial void LogNotLoopback(ILogger logger, string address);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Demo origin: create a worker from {Manifest} (integrity in examples/INTEGRITY.md)")]
    private static partial void LogDemo(ILogger logger, string manifest);
}
