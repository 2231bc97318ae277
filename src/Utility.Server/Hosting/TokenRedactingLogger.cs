using System.Text.RegularExpressions;

namespace ComputeUtility.Server.Hosting;

/// <summary>
/// Passes log entries on with <c>access_token</c> query values and bearer tokens blanked out; an entry that
/// carries one loses its structured state and exception, which would carry it too.
/// </summary>
internal sealed partial class TokenRedactingLogger(ILogger inner) : ILogger
{
    private const string Redacted = "[redacted]";

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
        Func<TState, Exception?, string> formatter)
    {
        if (!inner.IsEnabled(logLevel))
        {
            return;
        }

        var message = formatter(state, exception);
        if (!HasToken(message) && (exception is null || !HasToken(exception.ToString())))
        {
            inner.Log(logLevel, eventId, state, exception, formatter);
            return;
        }

        var text = Redact(message);
        if (exception is not null)
        {
            text += $" ({exception.GetType().FullName}: {Redact(exception.Message)})";
        }

        inner.Log(logLevel, eventId, text, null, static (line, _) => line);
    }

    private static string Redact(string text) => Token().Replace(text, Redacted);

    private static bool HasToken(string text) => Token().IsMatch(text);

    // The value of access_token (also percent-encoded) up to the next parameter, quote or space, and a bearer credential.
    [GeneratedRegex(@"(?<=access(?:_|%5f)token=)[^&#\s'""]+|(?<=bearer\s+)[^\s'""]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Token();
}
