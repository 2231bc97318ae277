using ComputeUtility.Discovery.Registration;

namespace ComputeUtility.Discovery.Tests.Registration;

/// <summary>The DnsRegistration section is checked at start, every mistake at once; off, it needs nothing.</summary>
public sealed class DnsRegistrationOptionsValidatorTests
{
    [Fact]
    public void Registration_that_is_off_needs_no_server_key_or_domain()
    {
        new DnsRegistrationOptionsValidator().Validate(null, new DnsRegistrationOptions()).Succeeded.Should().BeTrue();
    }

    [Fact]
    public void Registration_that_is_on_reports_every_wrong_setting_together()
    {
        var options = new DnsRegistrationOptions
        {
            Enabled = true,
            Server = "ns.example",
            Domain = "",
            Zone = "other.test",
            KeyName = "",
            Algorithm = "hmac-md5",
            Secret = "not base64!",
            RefreshSeconds = 4000,
            LeaseSeconds = 3600,
            Addresses = ["box1"],
        };

        var result = new DnsRegistrationOptionsValidator().Validate(null, options);

        result.Failed.Should().BeTrue();
        result.Failures.Should().HaveCount(8).And.Contain(f => f.StartsWith("DnsRegistration:Server", StringComparison.Ordinal))
            .And.Contain(f => f.StartsWith("DnsRegistration:Secret", StringComparison.Ordinal))
            .And.Contain(f => f.StartsWith("DnsRegistration:RefreshSeconds", StringComparison.Ordinal));
    }

    [Fact]
    public void A_domain_inside_the_zone_with_a_sha256_key_is_accepted()
    {
        var options = new DnsRegistrationOptions
        {
            Enabled = true, Server = "192.0.2.53", Domain = "cells.edge.test", Zone = "edge.test", KeyName = "cu-key",
            Secret = Convert.ToBase64String(new byte[32]),
        };

        new DnsRegistrationOptionsValidator().Validate(null, options).Succeeded.Should().BeTrue();
    }
}
