using System.Threading.Channels;

namespace ComputeUtility.Discovery.Tests.Infrastructure;

/// <summary>Records a browser's events so a test can wait for one (bounded) without polling.</summary>
internal sealed class BrowserWatch
{
    private readonly Channel<(string Kind, DiscoveredUtility Utility)> _events = Channel.CreateUnbounded<(string, DiscoveredUtility)>();

    public BrowserWatch(UtilityBrowser browser)
    {
        browser.Found += (_, e) => _events.Writer.TryWrite(("Found", e.Utility));
        browser.Updated += (_, e) => _events.Writer.TryWrite(("Updated", e.Utility));
        browser.Lost += (_, e) => _events.Writer.TryWrite(("Lost", e.Utility));
    }

    public async Task<DiscoveredUtility> WaitAsync(string kind, Func<DiscoveredUtility, bool> match, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var (k, utility) = await _events.Reader.ReadAsync(cts.Token);
                if (k == kind && match(utility))
                {
                    return utility;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no {kind} event within {timeout.TotalSeconds} s");
        }
    }
}
