namespace ComputeUtility.Server.Tls;

/// <summary>Last write times and lengths of the certificate and key files: a change in either means "read again".</summary>
internal readonly record struct CertificateFileStamp(DateTime CertificateWritten, long CertificateLength, DateTime KeyWritten, long KeyLength)
{
    public static CertificateFileStamp Of(string certificatePath, string keyPath)
    {
        var certificate = new FileInfo(certificatePath);
        var key = string.IsNullOrEmpty(keyPath) ? null : new FileInfo(keyPath);
        return new CertificateFileStamp(
            certificate.Exists ? certificate.LastWriteTimeUtc : default, certificate.Exists ? certificate.Length : -1,
            key is { Exists: true } ? key.LastWriteTimeUtc : default, key is { Exists: true } ? key.Length : -1);
    }
}
