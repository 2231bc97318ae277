using System.Text.Json;
using ComputeUtility.Discovery.Browsing;

namespace ComputeUtility.Discovery.Cli.NativeHost;

/// <summary>
/// One conversation with the browser over native messaging: sightings go out as <c>found</c>, <c>updated</c> and
/// <c>lost</c> messages as they happen; a <c>list</c> request is answered with every utility known now. A frame that
/// cannot be read ends the conversation with an <c>error</c> message and exit code 1, never an unhandled exception.
/// </summary>
internal sealed class NativeHostSession(Stream input, Stream output, TextWriter error)
{
    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    // Sightings arrive on the browser's threads while replies go out from the read loop: one frame at a time.
    private readonly SemaphoreSlim _writing = new(1, 1);

    /// <summary>Answers requests until the browser closes stdin (0) or sends a frame that cannot be read (1).</summary>
    public async Task<int> RunAsync(Func<IReadOnlyList<DiscoveredUtility>> current, CancellationToken cancellationToken)
    {
        await SendAsync(new NativeHostMessage("hello", null, null, null), cancellationToken).ConfigureAwait(false);
        while (true)
        {
            JsonElement? request;
            try
            {
                request = await NativeMessageFrames.ReadAsync(input, cancellationToken).ConfigureAwait(false);
            }
            catch (NativeMessageFrameException ex)
            {
                await error.WriteLineAsync($"native-host: {ex.Message}; stopping").ConfigureAwait(false);
                await SendAsync(new NativeHostMessage("error", null, null, ex.Message), cancellationToken).ConfigureAwait(false);
                return 1;
            }

            if (request is null)
            {
                return 0;
            }

            var type = request.Value.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            var reply = type == "list"
                ? new NativeHostMessage("list", null, current().Select(NativeHostUtility.From).ToArray(), null)
                : new NativeHostMessage("error", null, null, $"unknown request type '{type}': this host answers 'list'");
            await SendAsync(reply, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Sends one sighting: <paramref name="kind"/> is <c>found</c>, <c>updated</c> or <c>lost</c>.</summary>
    public Task PublishAsync(string kind, DiscoveredUtility utility, CancellationToken cancellationToken) =>
        SendAsync(new NativeHostMessage(kind, NativeHostUtility.From(utility), null, null), cancellationToken);

    private async Task SendAsync(NativeHostMessage message, CancellationToken cancellationToken)
    {
        await _writing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await NativeMessageFrames.WriteAsync(output, message, JsonOptions, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writing.Release();
        }
    }
}
