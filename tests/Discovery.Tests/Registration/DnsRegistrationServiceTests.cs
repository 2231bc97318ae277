using System.Diagnostics;
using ComputeUtility.Discovery.Hosting;
using ComputeUtility.Discovery.Registration;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RecordingLogger = ComputeUtility.Discovery.Tests.Responder.RecordingLogger;

namespace ComputeUtility.Discovery.Tests.Registration;

/// <summary>The registration service against BIND 9 in the test namespace, on a fake clock: the refresh comes when the test advances it.</summary>
public sealed class DnsRegistrationServiceTests
{
    private const int Registered = 5020, Refused = 5021, Failed = 5022, Removed = 5023;

    [Fact]
    [Requirement("CU-DISC-20", "CU-DISC-21", "CU-DISC-22")]
    public async Task CU_DISC_20_A_utility_registers_its_records_sends_them_again_each_refresh_and_removes_them_when_it_stops()
    {
        await using var bind = await BindServer.StartAsync("reg.test");
        var settings = bind.Options("reg.test");
        settings.RefreshSeconds = 30;
        settings.Priority = 3;
        settings.Weight = 7;
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow); // TSIG signatures carry this clock: it must be near the server's
        var source = new SettableAdvertisement { Now = SettableAdvertisement.At(8470, dv: 5) };
        var events = new RecordingLogger();
        var (service, lifetime) = Service(settings, source, time, events);

        await service.StartAsync(CancellationToken.None);
        lifetime.NotifyStarted();
        var found = await bind.BrowseUntilAsync("reg.test", f => f.Count == 1);

        var cell = found.Should().ContainSingle().Subject;
        cell.InstanceName.Should().Be("cell-1", "the instance is the mDNS one (Discovery:InstanceName)");
        cell.HostName.Should().Be("box1.reg.test");
        cell.Port.Should().Be(8470);
        cell.Addresses.Should().Equal(IPAddress.Loopback);
        cell.DescriptorVersion.Should().Be(5);
        cell.Txt.Keys.Should().BeEquivalentTo(["txtvers", "path", "api", "dv"]);
        (cell.Priority, cell.Weight).Should().Be((3, 7));

        // Records the server lost come back at the next refresh, with the dv of that moment.
        using (var other = new DnsRegistrar(settings, TimeProvider.System))
        {
            (await other.RemoveAsync(new ServiceRegistration("reg.test", "cell-1", "box1", 8470, 3, 7, [], []))).Should().Be(ReturnCode.NoError);
        }

        (await bind.BrowseUntilAsync("reg.test", f => f.Count == 0)).Should().BeEmpty();
        source.Now = SettableAdvertisement.At(8470, dv: 6);
        found = await bind.BrowseUntilAsync("reg.test", f => f.Count == 1, between: () => Refresh(time, settings));
        found.Should().ContainSingle().Which.DescriptorVersion.Should().Be(6);

        await service.StopAsync(CancellationToken.None);
        (await bind.BrowseUntilAsync("reg.test", f => f.Count == 0)).Should().BeEmpty("a clean shutdown removes the records");
        events.Events.Select(e => e.Id).Should().ContainInOrder(Registered, Removed).And.NotContain([Refused, Failed]);
    }

    [Fact]
    [Requirement("CU-DISC-23")]
    public async Task CU_DISC_23_An_update_signed_with_a_wrong_key_is_refused_and_logged_and_the_service_keeps_running_without_records()
    {
        await using var bind = await BindServer.StartAsync("wrong.test");
        var settings = bind.Options("wrong.test", secret: Convert.ToBase64String(new byte[32]));
        settings.RefreshSeconds = 30;
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var events = new RecordingLogger();
        var (service, lifetime) = Service(settings, new SettableAdvertisement { Now = SettableAdvertisement.At(8470, dv: 1) }, time, events);

        await service.StartAsync(CancellationToken.None);
        lifetime.NotifyStarted();
        await WaitForAsync(() => events.Events.Count(e => e.Id == Refused) >= 1);
        await WaitForAsync(() => events.Events.Count(e => e.Id == Refused) >= 2, () => Refresh(time, settings));

        using (var browser = bind.Browser())
        {
            (await browser.BrowseAsync("wrong.test")).Should().BeEmpty("the server applied nothing");
        }

        service.ExecuteTask.Should().NotBeNull();
        service.ExecuteTask!.IsCompleted.Should().BeFalse("a refused update is tried again at the next refresh, not fatal");
        await service.StopAsync(CancellationToken.None);
        events.Events.Select(e => e.Id).Should().NotContain([Registered, Removed, Failed]);
        bind.Lines.Should().Contain(l => l.Contains(BindServer.KeyName, StringComparison.Ordinal) && l.Contains("BADSIG", StringComparison.Ordinal),
            "named saw the update and refused its signature: " + string.Join('\n', bind.Lines.TakeLast(8)));
    }

    private static (DnsRegistrationService Service, ApplicationLifetime Lifetime) Service(
        DnsRegistrationOptions settings, SettableAdvertisement source, FakeTimeProvider time, RecordingLogger events)
    {
        var lifetime = new ApplicationLifetime(NullLogger<ApplicationLifetime>.Instance);
        var service = new DnsRegistrationService(Options.Create(settings), Options.Create(new DiscoveryOptions { InstanceName = "cell-1", HostName = "box1" }),
            source, lifetime, time, new RecordingLogger<DnsRegistrationService>(events));
        return (service, lifetime);
    }

    /// <summary>Moves the fake clock one refresh on, but never more than two minutes ahead of the server's (TSIG allows five).</summary>
    private static void Refresh(FakeTimeProvider time, DnsRegistrationOptions settings)
    {
        if (time.GetUtcNow() < DateTimeOffset.UtcNow.AddMinutes(2))
        {
            time.Advance(TimeSpan.FromSeconds(settings.RefreshSeconds));
        }
    }

    private static async Task WaitForAsync(Func<bool> done, Action? between = null)
    {
        var guard = Stopwatch.StartNew();
        while (!done())
        {
            guard.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(60), "hang guard");
            between?.Invoke();
            await Task.Delay(50);
        }
    }
}
