using ARSoft.Tools.Net.Dns;
using ComputeUtility.Discovery.Hosting;
using ComputeUtility.Discovery.Responder;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ComputeUtility.Discovery.Registration;

/// <summary>
/// Registers the utility in its unicast DNS domain while the host runs (CU-DISC-20..23): once it listens, sends the
/// records, sends them again every refresh interval (with the current <c>dv</c>), and removes them when the host stops.
/// A refused or unanswered update is logged and tried again at the next refresh; the utility keeps serving.
/// </summary>
internal sealed partial class DnsRegistrationService(
    IOptions<DnsRegistrationOptions> options,
    IOptions<DiscoveryOptions> discovery,
    IUtilityAdvertisementSource source,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<DnsRegistrationService> logger) : BackgroundService
{
    private ServiceRegistration? _registered;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return;
        }

        try
        {
            await WaitForListenerAsync(stoppingToken).ConfigureAwait(false);
            using var registrar = new DnsRegistrar(settings, time);
            var refresh = TimeSpan.FromSeconds(settings.RefreshSeconds);
            while (!stoppingToken.IsCancellationRequested)
            {
                if (source.Current() is { } advertisement)
                {
                    await RegisterAsync(registrar, Describe(settings, advertisement), stoppingToken).ConfigureAwait(false);
                }

                await Task.Delay(refresh, time, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        if (_registered is not { } registration)
        {
            return;
        }

        try
        {
            using var registrar = new DnsRegistrar(options.Value, time);
            var answer = await registrar.RemoveAsync(registration, cancellationToken).ConfigureAwait(false);
            if (answer == ReturnCode.NoError)
            {
                LogRemoved(logger, registration.Instance, registration.Domain);
            }
            else
            {
                LogRefused(logger, "removal", registration.Domain, answer.ToString());
            }
        }
#pragma warning disable CA1031 // a failed removal is logged; stopping goes on (a lease-honouring server expires the records)
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogFailed(logger, "removal", registration.Domain, ex);
        }
    }

    private async Task RegisterAsync(DnsRegistrar registrar, ServiceRegistration registration, CancellationToken stoppingToken)
    {
        try
        {
            var answer = await registrar.RegisterAsync(registration, stoppingToken).ConfigureAwait(false);
            if (answer == ReturnCode.NoError)
            {
                if (_registered is null)
                {
                    LogRegistered(logger, registration.Instance, registration.Domain, registration.Port);
                }

                _registered = registration;
            }
            else
            {
                LogRefused(logger, "registration", registration.Domain, answer.ToString());
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // registration is a hint like discovery (spec section 16): its failure must never stop the utility
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogFailed(logger, "registration", registration.Domain, ex);
        }
    }

    private async Task WaitForListenerAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            await started.Task.ConfigureAwait(false);
        }

        while (source.Current() is null)
        {
            await Task.Delay(TimeSpan.FromSeconds(discovery.Value.DescriptorPollSeconds), time, stoppingToken).ConfigureAwait(false);
        }
    }

    /// <summary>The same instance, host label and TXT as the mDNS announcement (UtilityAnnouncer).</summary>
    private ServiceRegistration Describe(DnsRegistrationOptions settings, UtilityAdvertisement advertisement)
    {
        var names = discovery.Value;
        var instance = names.InstanceName.Length > 0 ? names.InstanceName : UtilityAnnouncer.Printable(advertisement.Name);
        var host = names.HostName.Length > 0 ? names.HostName : UtilityAnnouncer.HostLabel(Environment.MachineName);
        return new ServiceRegistration(settings.Domain.TrimEnd('.'), instance, host, advertisement.Port, settings.Priority, settings.Weight,
            TxtKeys.Build(advertisement.DescriptorPath, advertisement.ApiVersion, advertisement.DescriptorVersion, advertisement.Scheme),
            RegisteredAddresses.Choose(settings.Addresses, advertisement.ListenAddresses));
    }
}
