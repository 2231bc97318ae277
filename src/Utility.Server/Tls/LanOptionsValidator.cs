using System.Net;
using ComputeUtility.Server.Access;
using Microsoft.Extensions.Options;

namespace ComputeUtility.Server.Tls;

/// <summary>Checks what the LAN settings point at, so a wrong path fails at start with what to fix.</summary>
internal sealed class LanOptionsValidator : IValidateOptions<LanOptions>
{
    public ValidateOptionsResult Validate(string? name, LanOptions options)
    {
        var errors = new List<string>();
        if (!IPAddress.TryParse(options.Address, out _))
        {
            errors.Add($"Lan:Address must be an IP address to listen on (0.0.0.0 for every IPv4 address), not '{options.Address}'.");
        }

        if (!string.IsNullOrEmpty(options.CertificatePath) && !File.Exists(options.CertificatePath))
        {
            errors.Add($"Lan:CertificatePath names '{options.CertificatePath}', which does not exist: give the path of your PEM or PKCS#12 certificate.");
        }

        if (!string.IsNullOrEmpty(options.CertificateKeyPath) && !File.Exists(options.CertificateKeyPath))
        {
            errors.Add($"Lan:CertificateKeyPath names '{options.CertificateKeyPath}', which does not exist: give the path of the certificate's PEM private key.");
        }

        if (!string.IsNullOrEmpty(options.CertificateKeyPath) && string.IsNullOrEmpty(options.CertificatePath))
        {
            errors.Add("Lan:CertificateKeyPath is set but Lan:CertificatePath is not: give the certificate too.");
        }

        if (errors.Count == 0 && !string.IsNullOrEmpty(options.CertificatePath))
        {
            try
            {
                _ = Tls.CertificateFiles.Read(options);
            }
            catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
            {
                errors.Add($"Lan:CertificatePath '{options.CertificatePath}' does not read as a certificate with its private key ({e.Message}): give a PEM certificate with Lan:CertificateKeyPath, or a PKCS#12 file.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
