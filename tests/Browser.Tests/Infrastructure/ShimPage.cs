namespace ComputeUtility.Browser.Tests.Infrastructure;

/// <summary>
/// A page in its own browser context that records console errors and uncaught exceptions, and runs
/// test scripts that import the shim. Scripts return JSON text, read back as a <see cref="JsonElement"/>.
/// </summary>
public sealed class ShimPage : IAsyncDisposable
{
    private readonly Func<ValueTask> _close;
    private readonly List<string> _errors = [];

    private ShimPage(Func<ValueTask> close, IPage page)
    {
        _close = close;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (_errors)
                {
                    _errors.Add(message.Text);
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (_errors)
            {
                _errors.Add(error);
            }
        };
    }

    public IPage Page { get; }

    /// <summary>Console errors and uncaught exceptions so far.</summary>
    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (_errors)
            {
                return [.. _errors];
            }
        }
    }

    public static async Task<ShimPage> OpenAsync(IBrowser browser, string url)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1100, Height = 900 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(60_000);
        var shim = new ShimPage(() => context.DisposeAsync(), page);
        await page.GotoAsync(url);
        return shim;
    }

    /// <summary>A page in <paramref name="context"/>, which it shares (a persistent context with an extension): disposing closes the page only.</summary>
    public static async Task<ShimPage> OpenInAsync(IBrowserContext context, string url)
    {
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(60_000);
        var shim = new ShimPage(async () => await page.CloseAsync(), page);
        await page.GotoAsync(url);
        return shim;
    }

    /// <summary>
    /// Runs <paramref name="body"/>, the body of an async function with <c>DistributedWorker</c>,
    /// <c>arg</c> and <c>within(promise, ms, what)</c> in scope, that returns a JSON-compatible value.
    /// </summary>
    public async Task<JsonElement> RunAsync(string shimUrl, string body, object? arg = null)
    {
        var script = $$"""
            async ({ shimUrl, arg }) => {
              const { DistributedWorker, parsePairingLink } = await import(shimUrl);
              const within = (promise, ms, what) => Promise.race([promise,
                new Promise((_, reject) => setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms))]);
              const result = await (async () => {
            {{body}}
              })();
              return JSON.stringify(result);
            }
            """;
        var json = await Page.EvaluateAsync<string>(script, new { shimUrl, arg });
        return JsonDocument.Parse(json).RootElement.Clone();
    }

    /// <summary>Evaluates <paramref name="expression"/> in the page and reads its value as JSON.</summary>
    public async Task<JsonElement> ReadAsync(string expression)
    {
        var json = await Page.EvaluateAsync<string>($"() => JSON.stringify({expression})");
        return JsonDocument.Parse(json).RootElement.Clone();
    }

    public ValueTask DisposeAsync() => _close();
}
