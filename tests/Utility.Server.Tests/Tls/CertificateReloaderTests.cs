using System.Security.Cryptography.X509Certificates;
using ComputeUtility.Server.Tls;

namespace ComputeUtility.Server.Tests.Tls;

/// <summary>
/// The certificate the HTTPS listener presents follows its files on the faked clock: a renewal is picked up at the
/// next check, a half-written renewal is not (the old certificate stays, with one warning) until it is complete.
/// </summary>
public sealed class CertificateReloaderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cu-reload-").FullName;
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-12-02T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly RecordingLogger _log = new();

    private string CertificatePath => Path.Combine(_folder, "fullchain.pem");

    private string KeyPath => Path.Combine(_folder, "privkey.pem");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    [Requirement("CU-LNA-5")]
    public async Task CU_LNA_5_A_renewed_pair_is_served_after_the_next_check_and_not_before()
    {
        var (first, _) = WritePair("first");
        using var reloader = Reloader();
        await reloader.StartAsync(CancellationToken.None);
        var (second, _) = WritePair("second");

        var beforeCheck = reloader.Current.Leaf.Thumbprint;
        _time.Advance(TimeSpan.FromSeconds(10));

        beforeCheck.Should().Be(first.Thumbprint);
        reloader.Current.Leaf.Thumbprint.Should().Be(second.Thumbprint);
        _log.Lines.Should().ContainSingle(l => l.StartsWith("Information", StringComparison.Ordinal) && l.Contains(second.Thumbprint, StringComparison.Ordinal));
    }

    [Fact]
    [Requirement("CU-LNA-6")]
    public async Task CU_LNA_6_A_half_written_key_keeps_the_old_certificate_with_one_warning_until_the_key_is_complete()
    {
        var (first, _) = WritePair("first");
        using var reloader = Reloader();
        await reloader.StartAsync(CancellationToken.None);
        var (second, key) = WritePair("second");
        File.WriteAllText(KeyPath, key[..(key.Length / 2)]); // the ACME client is still writing privkey.pem

        _time.Advance(TimeSpan.FromSeconds(10));
        var duringWrite = reloader.Current.Leaf.Thumbprint;
        _time.Advance(TimeSpan.FromSeconds(10));
        var warnings = _log.Lines.Count(l => l.StartsWith("Warning", StringComparison.Ordinal));
        File.WriteAllText(KeyPath, key);
        _time.Advance(TimeSpan.FromSeconds(10));

        duringWrite.Should().Be(first.Thumbprint);
        warnings.Should().Be(1, "the same broken files are reported once");
        _log.Lines.First(l => l.StartsWith("Warning", StringComparison.Ordinal)).Should().Contain("still serving " + first.Thumbprint);
        reloader.Current.Leaf.Thumbprint.Should().Be(second.Thumbprint);
    }

    [Fact]
    public async Task Unchanged_files_are_not_read_again()
    {
        WritePair("only");
        using var reloader = Reloader();
        await reloader.StartAsync(CancellationToken.None);
        var served = reloader.Current;

        _time.Advance(TimeSpan.FromSeconds(60));

        reloader.Current.Should().BeSameAs(served);
        reloader.Check().Should().BeFalse();
    }

    private CertificateReloader Reloader() => new(
        Options.Create(new LanOptions { Enabled = true, CertificatePath = CertificatePath, CertificateKeyPath = KeyPath, CertificateCheckSeconds = 10 }),
        _time, _log);

    /// <summary>A self-signed certificate for 127.0.0.1 written as fullchain.pem and privkey.pem; returns it and the key text.</summary>
    private (X509Certificate2 Certificate, string Key) WritePair(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        var certificate = request.CreateSelfSigned(_time.GetUtcNow().AddHours(-1), _time.GetUtcNow().AddDays(90));
        var keyText = key.ExportPkcs8PrivateKeyPem();
        File.WriteAllText(CertificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(KeyPath, keyText);
        return (certificate, keyText);
    }

    private sealed class RecordingLogger : ILogger<CertificateReloader>
    {
        private readonly List<string> _lines = [];

        public IReadOnlyList<string> Lines
        {
            get
            {
                lock (_lines)
                {
                    return [.. _lines];
                }
            }
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (_lines)
            {
                _lines.Add($"{logLevel}: {formatter(state, exception)}");
            }
        }
    }
}
