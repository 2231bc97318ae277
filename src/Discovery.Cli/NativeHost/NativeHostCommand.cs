using ComputeUtility.Discovery.Browsing;

namespace ComputeUtility.Discovery.Cli.NativeHost;

/// <summary>Browses mDNS for as long as the browser keeps the host open and streams every sighting to it.</summary>
internal sealed class NativeHostCommand(Stream input, Stream output, TextWriter error)
{
    public async Task<int> RunAsync(NativeHostArguments arguments, CancellationToken cancellationToken)
    {
        var session = new NativeHostSession(input, output, error);
        var options = new BrowserOptions { Interfaces = arguments.Interfaces.Count > 0 ? arguments.Interfaces : ["loopback"], IPv6 = arguments.IPv6 };
        await using var browser = UtilityBrowser.Start(options);
        if (browser.Sockets.Count == 0)
        {
            await error.WriteLineAsync("native-host: no multicast-capable interface to browse on (try --interface NAME or --interface all)").ConfigureAwait(false);
        }

        browser.Found += (_, e) => Publish("found", e.Utility);
        browser.Updated += (_, e) => Publish("updated", e.Utility);
        browser.Lost += (_, e) => Publish("lost", e.Utility);
        return await session.RunAsync(() => browser.Current, cancellationToken).ConfigureAwait(false);

        // A sighting that cannot be written (the browser went away) ends nothing: the read loop sees stdin close.
        void Publish(string kind, DiscoveredUtility utility) =>
            _ = session.PublishAsync(kind, utility, cancellationToken).ContinueWith(
                t => error.WriteLine($"native-host: could not send a sighting: {t.Exception?.GetBaseException().Message}"),
                CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }
}
