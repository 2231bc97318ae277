using Microsoft.Extensions.Logging;

namespace ComputeUtility.Discovery.Tests.Registration;

/// <summary>An <see cref="ILogger{T}"/> over the responder tests' recording logger: the event ids, in order.</summary>
internal sealed class RecordingLogger<T>(Responder.RecordingLogger inner) : ILogger<T>
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        inner.Log(logLevel, eventId, state, exception, formatter);
}
