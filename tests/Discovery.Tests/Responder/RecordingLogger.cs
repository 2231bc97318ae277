using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ComputeUtility.Discovery.Tests.Responder;

/// <summary>Keeps the event ids a responder logs, with a callback, so a test can see what it decided.</summary>
internal sealed class RecordingLogger(Action<EventId>? onLog = null) : ILogger
{
    public ConcurrentQueue<EventId> Events { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        Events.Enqueue(eventId);
        onLog?.Invoke(eventId);
    }
}
