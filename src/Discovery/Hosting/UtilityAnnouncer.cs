using ComputeUtility.Discovery.Responder;
using ComputeUtility.Discovery.Transport;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ComputeUtility.Discovery.Hosting;

/// <summary>
/// Announces the utility over mDNS while the host runs: waits until it listens, picks the configured
/// interfaces that the listener serves, probes and announces, re-announces TXT when <c>dv</c> changes,
/// and sends goodbyes when the host stops. Any failure here is logged; the utility keeps serving.
/// </summary>
internal sealed partial class UtilityAnnouncer(
    IOptions<DiscoveryOptions> options,
    IUtilityAdvertisementSource source,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILoggerFactory loggers) : BackgroundService
{
    private readonly ILogger _logger = loggers.CreateLogger<UtilityAnnouncer>();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await AnnounceAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
#pragma warning disable CA1031 // discovery is a hint (spec section 16): its failure must never stop the utility
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogFailed(_logger, ex);
        }
    }

    private async Task AnnounceAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            LogDisabled(_logger);
            return;
        }

        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            await started.Task.ConfigureAwait(false);
        }

        var poll = TimeSpan.FromSeconds(settings.DescriptorPollSeconds);
        var advertisement = source.Current();
        while (advertisement is null)
        {
            await Task.Delay(poll, time, stoppingToken).ConfigureAwait(false); // a host without a listener (a test server) never announces
            advertisement = source.Current();
        }

        await using var responder = Open(settings, advertisement);
        if (responder is null)
        {
            return;
        }

        await responder.StartAsync(stoppingToken).ConfigureAwait(false);
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(poll, time, stoppingToken).ConfigureAwait(false);
            if (source.Current() is { } now && now.DescriptorVersion != advertisement.DescriptorVersion)
            {
                advertisement = now;
                responder.UpdateText(TxtKeys.Build(now.DescriptorPath, now.ApiVersion, now.DescriptorVersion, now.Scheme));
            }
        }
    }

    private MdnsResponder? Open(DiscoveryOptions settings, UtilityAdvertisement advertisement)
    {
        var wanted = settings.EffectiveInterfaces;
        var selection = InterfaceSelector.Select(wanted);
        var served = new List<MdnsInterface>();
        foreach (var nic in selection.Chosen)
        {
            if (ServedInterfaces.Serves(advertisement.ListenAddresses, nic))
            {
                served.Add(nic);
            }
            else
            {
                DiscoveryLog.NotServed(_logger, nic.Name);
            }
        }

        var sockets = SocketFactory.Open(selection with { Chosen = served }, settings.IPv4, settings.IPv6, r => SocketFactory.Log(_logger, r));
        if (sockets.Count == 0)
        {
            DiscoveryLog.NothingToAnnounceOn(_logger, string.Join(", ", wanted));
            return null;
        }

        var instance = settings.InstanceName.Length > 0 ? settings.InstanceName : Printable(advertisement.Name);
        var host = settings.HostName.Length > 0 ? settings.HostName : HostLabel(Environment.MachineName);
        var ad = new ServiceAdvertisement(instance, host, (ushort)advertisement.Port,
            TxtKeys.Build(advertisement.DescriptorPath, advertisement.ApiVersion, advertisement.DescriptorVersion, advertisement.Scheme));
        var responder = new MdnsResponder(sockets, ad, new ResponderOptions(), time, loggers.CreateLogger<MdnsResponder>());
        responder.Renamed += name => LogRenamed(_logger, name);
        return responder;
    }

    /// <summary>The instance label: any printable Unicode (UTF-8 on the wire), cut to 63 bytes at a character boundary.</summary>
    internal static string Printable(string name)
    {
        var cleaned = new string(name.Where(c => !char.IsControl(c)).ToArray()).Trim();
        cleaned = cleaned.Length > 0 ? cleaned : "compute-utility";
        return ConflictRenamer.FitUtf8(cleaned).TrimEnd();
    }

    internal static string HostLabel(string machine)
    {
        var label = new string(machine.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray()).Trim('-');
        label = label.Length > 0 ? label : "compute-utility";
        return label.Length > 63 ? label[..63] : label;
    }

    [LoggerMessage(EventId = 5010, Level = LogLevel.Information, Message = "Discovery is off (Discovery:Enabled=false)")]
    private static partial void LogDisabled(ILogger logger);

    [LoggerMessage(EventId = 5012, Level = LogLevel.Error, Message = "Discovery failed; the utility keeps serving without announcing")]
    private static partial void LogFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5011, Level = LogLevel.Warning, Message = "Discovery: this utility is now announced as '{Name}'")]
    private static partial void LogRenamed(ILogger logger, string name);
}
