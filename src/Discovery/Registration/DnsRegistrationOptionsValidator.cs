using System.Net;
using ARSoft.Tools.Net;
using Microsoft.Extensions.Options;

namespace ComputeUtility.Discovery.Registration;

/// <summary>Checks the DnsRegistration section at start when it is on; every problem is reported at once.</summary>
internal sealed class DnsRegistrationOptionsValidator : IValidateOptions<DnsRegistrationOptions>
{
    public ValidateOptionsResult Validate(string? name, DnsRegistrationOptions options)
    {
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var errors = new List<string>();
        if (!IPAddress.TryParse(options.Server, out _))
        {
            errors.Add("DnsRegistration:Server must be the IP address of the zone's primary server");
        }

        Check(options.Port is >= 1 and <= 65535, "DnsRegistration:Port must be between 1 and 65535", errors);
        Check(IsName(options.Domain), "DnsRegistration:Domain must be a DNS name, e.g. cells.example.net", errors);
        Check(options.Zone.Length == 0 || (IsName(options.Zone) && IsWithin(options.Domain, options.Zone)),
            "DnsRegistration:Zone must be a DNS name that contains Domain (or empty: Domain itself)", errors);
        Check(IsName(options.KeyName), "DnsRegistration:KeyName must name the TSIG key", errors);
        Check(TsigAlgorithms.TryParse(options.Algorithm, out _),
            $"DnsRegistration:Algorithm must be one of {string.Join(", ", TsigAlgorithms.Known)}", errors);
        Check(IsSecret(options.Secret), "DnsRegistration:Secret must be the key's secret in base64 (at least 16 bytes)", errors);
        Check(options.TtlSeconds is >= 1 and <= 86400, "DnsRegistration:TtlSeconds must be between 1 and 86400", errors);
        Check(options.LeaseSeconds is >= 30 and <= 604800, "DnsRegistration:LeaseSeconds must be between 30 and 604800", errors);
        Check(options.RefreshSeconds >= 1 && options.RefreshSeconds < options.LeaseSeconds,
            "DnsRegistration:RefreshSeconds must be at least 1 and less than LeaseSeconds", errors);
        Check(options.TtlSeconds <= options.LeaseSeconds, "DnsRegistration:TtlSeconds must not exceed LeaseSeconds", errors);
        Check(options.Priority is >= 0 and <= 65535 && options.Weight is >= 0 and <= 65535,
            "DnsRegistration:Priority and Weight must be between 0 and 65535", errors);
        Check(options.Addresses.All(a => IPAddress.TryParse(a, out _)), "DnsRegistration:Addresses must be IP addresses", errors);
        Check(options.TimeoutSeconds is >= 1 and <= 120, "DnsRegistration:TimeoutSeconds must be between 1 and 120", errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Check(bool ok, string error, List<string> errors)
    {
        if (!ok)
        {
            errors.Add(error);
        }
    }

    private static bool IsName(string name) =>
        name.Trim('.').Length > 0 && DomainName.TryParse(name, out var parsed) && parsed!.Labels.All(l => l.Length is > 0 and <= 63);

    private static bool IsWithin(string domain, string zone) =>
        DomainName.TryParse(domain, out var d) && DomainName.TryParse(zone, out var z) && d!.IsEqualOrSubDomainOf(z!);

    private static bool IsSecret(string secret)
    {
        var bytes = new byte[secret.Length];
        return Convert.TryFromBase64String(secret, bytes, out var length) && length >= 16;
    }
}
