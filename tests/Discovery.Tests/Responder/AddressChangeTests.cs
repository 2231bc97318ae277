namespace ComputeUtility.Discovery.Tests.Responder;

/// <summary>An address added to or removed from a served interface while running is announced or said goodbye to.</summary>
public sealed class AddressChangeTests
{
    private static readonly IPAddress Extra = IPAddress.Parse("10.77.1.201");

    [Fact]
    public async Task An_address_added_while_running_is_announced_and_a_removed_one_gets_a_goodbye()
    {
        PrivateNetwork.RequireVeth();
        var name = TestResponder.UniqueName("moving");
        await using var browser = UtilityBrowser.Start(new BrowserOptions { Interfaces = [PrivateNetwork.VethB], IPv6 = false });
        var watch = new BrowserWatch(browser);
        await using var responder = TestResponder.Create(name, 18520, PrivateNetwork.VethA);
        await responder.StartAsync(CancellationToken.None);
        var found = await watch.WaitAsync("Found", u => u.InstanceName == name, TimeSpan.FromSeconds(15));
        found.Addresses.Should().NotContain(Extra);

        var added = false;
        try
        {
            await IpAsync("addr", "add", $"{Extra}/24", "dev", PrivateNetwork.VethA);
            added = true;
            await watch.WaitAsync("Updated", u => u.InstanceName == name && u.Addresses.Contains(Extra), TimeSpan.FromSeconds(30));

            await IpAsync("addr", "del", $"{Extra}/24", "dev", PrivateNetwork.VethA);
            added = false;
            var after = await watch.WaitAsync("Updated", u => u.InstanceName == name && !u.Addresses.Contains(Extra), TimeSpan.FromSeconds(30));
            after.Addresses.Should().Contain(IPAddress.Parse("10.77.1.1"), "the address that stayed is still published");
        }
        finally
        {
            if (added)
            {
                await IpAsync("addr", "del", $"{Extra}/24", "dev", PrivateNetwork.VethA);
            }
        }
    }

    private static async Task IpAsync(params string[] args)
    {
        var (exit, _, stderr) = await ExternalProcess.RunAsync("ip", args, TimeSpan.FromSeconds(10));
        exit.Should().Be(0, "ip {0}: {1}", string.Join(' ', args), stderr);
    }
}
