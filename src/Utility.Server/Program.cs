using ComputeUtility.Discovery.Hosting;
using ComputeUtility.Server.Channels;
using ComputeUtility.Server.Cors;
using ComputeUtility.Server.Demo;
using ComputeUtility.Server.Descriptor;
using ComputeUtility.Server.Estimates;
using ComputeUtility.Server.Hosting;
using ComputeUtility.Server.Problems;
using ComputeUtility.Server.RateLimits;
using ComputeUtility.Server.Snapshots;
using ComputeUtility.Server.Tasks;
using ComputeUtility.Server.Workers;

// The content root is the install folder, so appsettings.json is found whatever the working directory.
// --lan is a switch, not a setting: the command-line configuration would want a value after it.
var lan = args.Contains("--lan");
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args.Where(a => a != "--lan").ToArray(), ContentRootPath = AppContext.BaseDirectory });
if (lan)
{
    UtilityAdvertisementSource.OptInToLan(builder.Configuration);
}

builder.Services.AddComputeUtility(builder.Configuration);
builder.Services.AddRequestLimits(builder.Configuration);
builder.Logging.KeepTokensOutOfLogs();
builder.Services.AddDiscovery(builder.Configuration);
builder.Services.AddSingleton<IUtilityAdvertisementSource, UtilityAdvertisementSource>();
builder.WebHost.ConfigureKestrel(kestrel =>
{
    var limits = builder.Configuration.GetSection(LimitsOptions.Section).Get<LimitsOptions>() ?? new LimitsOptions();
    kestrel.Limits.MaxRequestBodySize = Math.Max(limits.MaxRequestBodyBytes, limits.MaxMessageBytes) + 1;
    kestrel.AddServerHeader = false;
});

var app = builder.Build();
StartupBanner.Register(app);
app.UseMiddleware<ProblemMiddleware>();
app.UseMiddleware<LoopbackHostFilter>();
app.UseMiddleware<CorsMiddleware>();
app.UseRequestRateLimits();
app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
app.UseUtilityPages();

app.MapDescriptor();
app.MapWorkers();
app.MapMessaging();
app.MapTasks();
app.MapEstimates();
app.MapSnapshots();

app.Run();

/// <summary>Entry point; public so integration tests can host the utility.</summary>
public partial class Program;
