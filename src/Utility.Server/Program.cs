using ComputeUtility.Discovery.Hosting;
using ComputeUtility.Discovery.Registration;
using ComputeUtility.Server.Access;
using ComputeUtility.Server.Channels;
using ComputeUtility.Server.Cors;
using ComputeUtility.Server.Dashboard;
using ComputeUtility.Server.Demo;
using ComputeUtility.Server.Descriptor;
using ComputeUtility.Server.Estimates;
using ComputeUtility.Server.Hosting;
using ComputeUtility.Server.Http;
using ComputeUtility.Server.Limits;
using ComputeUtility.Server.Migration;
using ComputeUtility.Server.Origins;
using ComputeUtility.Server.Problems;
using ComputeUtility.Server.RateLimits;
using ComputeUtility.Server.Tasks;
using ComputeUtility.Server.Telemetry;
using ComputeUtility.Server.Workers;

try
{
    var commandLine = CommandLine.Parse(args);
    if (commandLine.Help)
    {
        Console.WriteLine(CommandLine.Usage);
        return 0;
    }

    // The content root is the install folder, so appsettings.json is found whatever the working directory.
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions
    {
        Args = commandLine.ConfigurationArgs.ToArray(),
        ContentRootPath = AppContext.BaseDirectory,
    });
    UserConfigurationFile.Add(builder.Configuration, commandLine.ConfigFile);
    if (commandLine.Lan)
    {
        builder.Configuration[$"{LanOptions.Section}:{nameof(LanOptions.Enabled)}"] = "true";
    }

    LanListener.Apply(builder.Configuration);
    SystemdIntegration.Use(builder);
    builder.Logging.AddRecentLog();

    builder.Services.AddComputeUtility(builder.Configuration);
    builder.Services.AddRequestLimits(builder.Configuration);
    builder.Logging.KeepTokensOutOfLogs();
    builder.Services.AddDiscovery(builder.Configuration);
    builder.Services.AddDnsRegistration(builder.Configuration); // unicast DNS as the directory; off unless DnsRegistration:Enabled
    builder.Services.AddSingleton<IUtilityAdvertisementSource, UtilityAdvertisementSource>();
    builder.WebHost.ConfigureKestrel(kestrel =>
    {
        var limits = builder.Configuration.GetSection(LimitsOptions.Section).Get<LimitsOptions>() ?? new LimitsOptions();
        kestrel.Limits.MaxRequestBodySize = Math.Max(limits.MaxRequestBodyBytes, limits.MaxMessageBytes) + 1;
        kestrel.AddServerHeader = false;
    });

    var app = builder.Build();

    // Check every setting now, so a mistake is reported plainly rather than as a failed host start.
    app.Services.GetRequiredService<Microsoft.Extensions.Options.IStartupValidator>().Validate();
    StartupBanner.Register(app);
    app.UseMiddleware<ProblemMiddleware>();
    app.UseMiddleware<LoopbackHostFilter>();
    app.UseMiddleware<CorsMiddleware>();
    app.UseMiddleware<OriginGate>(); // before rate limits and endpoints: a page the owner has not permitted is refused first
    app.UseRequestRateLimits(); // before the access gate: guessing access tokens spends the work budget
    app.UseMiddleware<AccessGate>();
    app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
    app.UseUtilityPages();
    app.MapDashboard();
    app.MapMetrics(OwnerRequest.MaySee); // /metrics: the owner's, by the dashboard's own rule

    app.MapDescriptor();
    app.MapWorkers();
    app.MapMessaging();
    app.MapTasks();
    app.MapEstimates();
    app.MapSnapshots();
    app.MapRestores();

    app.Run();
    return 0;
}
catch (Exception e) when (StartupFailure.IsConfigurationError(e))
{
    StartupFailure.Report(e, Console.Error);
    return 2;
}

/// <summary>Entry point; public so integration tests can host the utility.</summary>
public partial class Program;
