using ComputeUtility.Server.Access;
using ComputeUtility.Server.Settings;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ComputeUtility.Server.Tls;

/// <summary>Registration of the HTTPS certificate that reloads itself.</summary>
internal static class TlsServiceCollectionExtensions
{
    public static IServiceCollection AddReloadingCertificate(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddStrictOptions<LanOptions>(configuration, LanOptions.Section);
        services.AddSingleton<IValidateOptions<LanOptions>, LanOptionsValidator>();
        services.TryAddSingleton<CertificateReloader>();
        services.AddHostedService(sp => sp.GetRequiredService<CertificateReloader>());
        services.AddSingleton<IConfigureOptions<KestrelServerOptions>, HttpsCertificateSetup>();
        return services;
    }
}
