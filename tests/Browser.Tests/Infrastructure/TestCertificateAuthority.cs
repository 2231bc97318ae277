namespace ComputeUtility.Browser.Tests.Infrastructure;

/// <summary>
/// A certificate authority made for one test run: its root goes into the browser's trust store, and it issues
/// server certificates for loopback addresses, as a real CA (or an ACME server) would for a public host name.
/// </summary>
public sealed class TestCertificateAuthority : IDisposable
{
    private readonly ECDsa _key;

    private TestCertificateAuthority(ECDsa key, X509Certificate2 root)
    {
        _key = key;
        Root = root;
    }

    /// <summary>The self-signed root (public part only is ever exported).</summary>
    public X509Certificate2 Root { get; }

    public static TestCertificateAuthority Create(string name)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}, O=Compute Utility tests", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        var root = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(30));
        return new TestCertificateAuthority(key, root);
    }

    /// <summary>A server certificate (with its private key) for <paramref name="addresses"/>, valid from an hour ago.</summary>
    public X509Certificate2 Issue(string commonName, params IPAddress[] addresses)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        foreach (var address in addresses)
        {
            names.AddIpAddress(address);
        }

        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Root, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        using var issued = request.Create(Root.SubjectName, X509SignatureGenerator.CreateForECDsa(_key),
            DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(7), serial);
        return issued.CopyWithPrivateKey(key);
    }

    /// <summary>Writes <paramref name="certificate"/> as an ACME client does: fullchain.pem (leaf then issuer) and privkey.pem.</summary>
    public (string FullChain, string PrivateKey) WritePemPair(X509Certificate2 certificate, string folder)
    {
        var fullChain = Path.Combine(folder, "fullchain.pem");
        var privateKey = Path.Combine(folder, "privkey.pem");
        File.WriteAllText(fullChain, certificate.ExportCertificatePem() + "\n" + Root.ExportCertificatePem() + "\n");
        File.WriteAllText(privateKey, certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem() + "\n");
        return (fullChain, privateKey);
    }

    public void Dispose()
    {
        Root.Dispose();
        _key.Dispose();
    }
}
