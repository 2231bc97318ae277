using System.Security.Cryptography;
using ComputeUtility.Server.Access;
using ComputeUtility.Server.Logging;
using Microsoft.Extensions.Options;

namespace ComputeUtility.Server.Tls;

/// <summary>
/// Holds the certificate the HTTPS listener presents and reads its files again when they change (an ACME client
/// renewing it), checked every <see cref="LanOptions.CertificateCheckSeconds"/> on the <see cref="TimeProvider"/>.
/// Each TLS handshake asks for <see cref="Current"/>, so open connections keep theirs and new ones get the new one;
/// files that do not read as a certificate and its key (half written) leave the old one in place, with a warning.
/// </summary>
internal sealed partial class CertificateReloader : IHostedService, IDisposable
{
    private readonly LanOptions _lan;
    private readonly TimeProvider _time;
    private readonly ILogger<CertificateReloader> _log;
    private readonly Lock _gate = new();
    private ServedCertificate? _current;
    private CertificateFileStamp _failedStamp;
    private ITimer? _timer;

    public CertificateReloader(IOptions<LanOptions> lan, TimeProvider time, ILogger<CertificateReloader> log)
    {
        _lan = lan.Value;
        _time = time;
        _log = log;
    }

    /// <summary>Whether the owner gave a certificate: then the LAN listener speaks HTTPS.</summary>
    public bool Configured => _lan.Enabled && !string.IsNullOrEmpty(_lan.CertificatePath);

    /// <summary>The certificate to present now; read on first use, so a broken file fails start plainly.</summary>
    public ServedCertificate Current
    {
        get
        {
            lock (_gate)
            {
                return _current ??= CertificateFiles.Read(_lan);
            }
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (Configured)
        {
            _ = Current;
            var every = TimeSpan.FromSeconds(_lan.CertificateCheckSeconds);
            _timer = _time.CreateTimer(_ => Check(), null, every, every);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _timer?.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Reads the files again if their times or sizes moved since the last read; true when the certificate changed.</summary>
    public bool Check()
    {
        var stamp = CertificateFileStamp.Of(_lan.CertificatePath, _lan.CertificateKeyPath);
        lock (_gate)
        {
            if (_current is not null && stamp == _current.Stamp || stamp == _failedStamp)
            {
                return false;
            }
        }

        ServedCertificate next;
        try
        {
            next = CertificateFiles.Read(_lan);
        }
        catch (Exception e) when (e is CryptographicException or IOException or ArgumentException or UnauthorizedAccessException)
        {
            lock (_gate)
            {
                _failedStamp = stamp;
            }

            LogUnreadable(_log, _lan.CertificatePath, e.Message, _current?.Leaf.Thumbprint ?? "none");
            return false;
        }

        lock (_gate)
        {
            // Old contexts are not disposed: handshakes under way may still hold them.
            var old = _current;
            _current = next;
            _failedStamp = default;
            LogReloaded(_log, next.Leaf.Subject, next.Leaf.Thumbprint, next.Leaf.NotAfter, old?.Leaf.Thumbprint ?? "none");
            return old?.Leaf.Thumbprint != next.Leaf.Thumbprint;
        }
    }

    public void Dispose() => _timer?.Dispose();

    [LoggerMessage(EventId = LogEvents.CertificateReloaded, Level = LogLevel.Information,
        Message = "HTTPS certificate {Subject} ({Thumbprint}, valid until {NotAfter:u}) now served; it replaces {OldThumbprint}")]
    private static partial void LogReloaded(ILogger logger, string subject, string thumbprint, DateTime notAfter, string oldThumbprint);

    [LoggerMessage(EventId = LogEvents.CertificateUnreadable, Level = LogLevel.Warning,
        Message = "The HTTPS certificate files at {Path} changed but do not read as a certificate and its key ({Error}); still serving {Thumbprint} and checking again")]
    private static partial void LogUnreadable(ILogger logger, string path, string error, string thumbprint);
}
