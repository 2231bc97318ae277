namespace ComputeUtility.Server.Tests.Security;

/// <summary>One request the spec fuzzer made: what it mutated and everything needed to send it again.</summary>
internal sealed record FuzzRequest(
    int Index,
    string Operation,
    string Mutation,
    string Method,
    string Path,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    string? ContentType,
    byte[]? Body)
{
    public HttpRequestMessage ToMessage()
    {
        var message = new HttpRequestMessage(new HttpMethod(Method), Path);
        if (Body is not null)
        {
            message.Content = new ByteArrayContent(Body);
            // A server may answer a body past its cap before reading it; with 100-continue the client hears that instead of a reset.
            message.Headers.ExpectContinue = Body.Length > 1024 * 1024;
            message.Content.Headers.ContentType = null;
            if (ContentType is not null)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            }
        }

        foreach (var (name, value) in Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        return message;
    }

    /// <summary>A line a person can replay by hand (curl) or by seed and index.</summary>
    public string Describe(int seed)
    {
        var text = new StringBuilder($"#{Index} (seed {seed}) {Operation} [{Mutation}]: curl -X {Method} 'http://127.0.0.1:PORT{Clip(Path, 300)}'");
        foreach (var (name, value) in Headers)
        {
            text.Append($" -H '{name}: {Clip(value, 120)}'");
        }

        if (ContentType is not null)
        {
            text.Append($" -H 'Content-Type: {ContentType}'");
        }

        if (Body is not null)
        {
            var printable = Body.Length > 0 && Body.All(b => b is >= 0x20 and < 0x7f or (byte)'\n');
            text.Append(printable
                ? $" --data-raw '{Clip(Encoding.ASCII.GetString(Body), 400)}'"
                : $" --data-binary @<{Body.Length} bytes, base64 {Clip(Convert.ToBase64String(Body), 120)}>");
            text.Append($" ({Body.Length} bytes)");
        }

        return text.ToString();
    }

    private static string Clip(string value, int max) =>
        value.Length <= max ? value : value[..max] + $"…(+{value.Length - max} chars)";
}
