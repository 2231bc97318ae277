using System.Text;
using Microsoft.Extensions.Options;

namespace ComputeUtility.Discovery.Hosting;

/// <summary>Checks the Discovery section at start; every problem is reported at once.</summary>
internal sealed class DiscoveryOptionsValidator : IValidateOptions<DiscoveryOptions>
{
    public ValidateOptionsResult Validate(string? name, DiscoveryOptions options)
    {
        var errors = new List<string>();
        if (options.Interfaces.Any(string.IsNullOrWhiteSpace))
        {
            errors.Add("Discovery:Interfaces must not contain empty names");
        }

        if (Encoding.UTF8.GetByteCount(options.InstanceName) > 63)
        {
            errors.Add("Discovery:InstanceName must be at most 63 bytes (one DNS label)");
        }

        if (options.InstanceName.Any(c => c > 0x7E || c < 0x20))
        {
            errors.Add("Discovery:InstanceName must be printable ASCII (ARSoft.Tools.Net reads DNS labels as ASCII)");
        }

        if (options.HostName.Length > 63 || options.HostName.Any(c => !(char.IsAsciiLetterOrDigit(c) || c == '-')))
        {
            errors.Add("Discovery:HostName must be one DNS label of letters, digits and '-'");
        }

        if (!options.IPv4 && !options.IPv6)
        {
            errors.Add("Discovery: at least one of IPv4 and IPv6 must be on");
        }

        if (options.DescriptorPollSeconds is < 1 or > 3600)
        {
            errors.Add("Discovery:DescriptorPollSeconds must be between 1 and 3600");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
