using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace ComputeUtility.Server.Tls;

/// <summary>
/// Every HTTPS endpoint presents <see cref="CertificateReloader.Current"/>, asked for at each handshake, so a
/// renewed certificate is served without a restart and without touching open connections.
/// </summary>
internal sealed class HttpsCertificateSetup(CertificateReloader certificates) : IConfigureOptions<KestrelServerOptions>
{
    public void Configure(KestrelServerOptions options)
    {
        if (!certificates.Configured)
        {
            return;
        }

        options.ConfigureHttpsDefaults(https =>
        {
            https.ServerCertificateSelector = (_, _) => certificates.Current.Leaf;

            // The context carries the chain (fullchain.pem's intermediates), which a bare certificate would not.
            https.OnAuthenticate = (_, ssl) =>
            {
                ssl.ServerCertificateSelectionCallback = null;
                ssl.ServerCertificate = null;
                ssl.ServerCertificateContext = certificates.Current.Context;
            };
        });
    }
}
