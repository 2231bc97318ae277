namespace ComputeUtility.Discovery.Tests.Responder;

/// <summary>RFC 6762 §8–§9 between two of our responders on lo.</summary>
public sealed class ConflictTests
{
    [Fact]
    public async Task A_second_responder_with_the_same_name_renames_itself_and_both_are_found()
    {
        PrivateNetwork.Require();
        var name = TestResponder.UniqueName("twin");
        await using var browser = UtilityBrowser.Start(new BrowserOptions { Interfaces = ["lo"], IPv6 = false });
        var watch = new BrowserWatch(browser);
        await using var first = TestResponder.Create(name, 18490);
        await first.StartAsync(CancellationToken.None);
        await using var second = TestResponder.Create(name, 18491);
        string? renamed = null;
        second.Renamed += n => renamed = n;

        await second.StartAsync(CancellationToken.None);

        first.InstanceName.Should().Be(name);
        second.InstanceName.Should().Be($"{name} (2)");
        renamed.Should().Be($"{name} (2)");
        (await watch.WaitAsync("Found", u => u.InstanceName == $"{name} (2)", TimeSpan.FromSeconds(15))).Port.Should().Be(18491);
        browser.Current.Should().Contain(u => u.InstanceName == name && u.Port == 18490);
    }

    [Fact]
    public async Task Two_responders_probing_for_the_same_name_at_once_end_with_different_names()
    {
        PrivateNetwork.Require();
        var name = TestResponder.UniqueName("race");
        await using var a = TestResponder.Create(name, 18492);
        await using var b = TestResponder.Create(name, 18493);

        await Task.WhenAll(a.StartAsync(CancellationToken.None), b.StartAsync(CancellationToken.None));

        new[] { a.InstanceName, b.InstanceName }.Should().BeEquivalentTo([name, $"{name} (2)"]);
    }
}
