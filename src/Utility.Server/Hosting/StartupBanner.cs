using System.Net;
using ComputeUtility.Server.Access;
using ComputeUtility.Server.Logging;
using ComputeUtility.Server.Packages;
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

            var lan = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Access.LanOptions>>().Value;
            if (lan.Enabled && lan.RequireAccessToken)
            {
                var tokens = app.Services.GetRequiredService<Access.AccessTokenStore>();
                if (!tokens.All.Any(t => t.Active))
                {
                    tokens.Create("first device");
                }

                var local = addresses.FirstOrDefault(a => a.Contains("127.0.0.1", StringComparison.Ordinal) || a.Contains("0.0.0.0", StringComparison.Ordinal))
                    ?? addresses.FirstOrDefault() ?? "";
                LogLan(logger, local.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
            }

            if (app.Services.GetRequiredService<DemoOrigin>().Enabled && addresses.FirstOrDefault() is { } first)
            {
                LogDemo(logger, $"{first.Replace("://0.0.0.0:", "://127.0.0.1:", StringComparison.Ordinal)}{DemoOrigin.PathPrefix}echo/manifest.json");
            }
        });
    }

    [LoggerMessage(EventId = LogEvents.Listening, Level = LogLevel.Information, Message = "Compute Utility listening on {Address} (descriptor at /.well-known/compute-utility, API docs at /docs)")]
    private static partial void LogListening(ILogger logger, string address);

    [LoggerMessage(EventId = LogEvents.NotLoopback, Level = LogLevel.Warning, Message = "Listening on {Address}, which is not loopback: other machines can reach this utility")]
    private static partial void LogNotLoopback(ILogger logger, string address);

    [LoggerMessage(EventId = LogEvents.ServingTheNetwork, Level = LogLevel.Information, Message = "Serving the network: devices need an access token to create work. Pair them from the dashboard at {Dashboard}/ (on this machine)")]
    private static partial void LogLan(ILogger logger, string dashboard);

    [LoggerMessage(EventId = LogEvents.DemoOrigin, Level = LogLevel.Information, Message = "Demo origin: create a worker from {Manifest} (integrity in examples/INTEGRITY.md)")]
    private static partial void LogDemo(ILogger logger, string manifest);
}
