using ComputeUtility.Discovery.Cli.Discover;
using ComputeUtility.Discovery.Cli.NativeHost;

namespace ComputeUtility.Discovery.Tests.Cli.NativeHost;

public sealed class NativeHostCommandLineTests
{
    [Theory]
    [InlineData("native-host", "chrome-extension://jiclekfgdmflefihlndgmahblbihcned/", "--interface", "lo", "--no-ipv6")]
    [InlineData("native-host", "--interface", "lo", "--no-ipv6", "chrome-extension://jiclekfgdmflefihlndgmahblbihcned/", "--parent-window=0")]
    public async Task The_native_host_verb_takes_the_caller_origin_chrome_passes_and_its_own_options(params string[] args)
    {
        NativeHostArguments? ran = null;
        var exit = await DiscoveryCliCommandLine.InvokeAsync(args, new StringWriter(), new StringWriter(),
            (_, _) => Task.FromResult(9), (arguments, _) =>
            {
                ran = arguments;
                return Task.FromResult(0);
            });

        exit.Should().Be(0);
        ran.Should().BeEquivalentTo(new NativeHostArguments
        {
            CallerOrigin = "chrome-extension://jiclekfgdmflefihlndgmahblbihcned/", Interfaces = ["lo"], IPv6 = false,
        });
    }
}
