namespace ComputeUtility.Server.Dashboard;

/// <summary>Feeds <see cref="RecentLog"/> from the logging pipeline, with the same level filters as the console.</summary>
internal sealed class RecentLogProvider(RecentLog log, TimeProvider time) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new RecentLogger(categoryName, log, time);

    public void Dispose()
    {
    }

    private sealed class RecentLogger(string category, RecentLog log, TimeProvider time) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var message = formatter(state, exception);
            if (exception is not null)
            {
                message = $"{message} ({exception.GetType().Name}: {exception.Message})";
            }

            log.Add(time.GetUtcNow(), logLevel, category, message);
        }
    }
}
