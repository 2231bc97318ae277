using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ComputeUtility.Server.Access;

namespace ComputeUtility.Server.Tls;

/// <summary>
/// Reads the owner's certificate as <see cref="LanOptions"/> names it: a PEM chain with a PEM key (certbot's
/// fullchain.pem and privkey.pem), a PEM holding both, or a PKCS#12 file.
/// </summary>
internal static class CertificateFiles
{
    /// <exception cref="CryptographicException">The files do not hold a certificate and its matching key (e.g. half written).</exception>
    public static ServedCertificate Read(LanOptions lan)
    {
        // The stamp is taken first: a file replaced while being read is read again at the next check.
        var stamp = CertificateFileStamp.Of(lan.CertificatePath, lan.CertificateKeyPath);
        var password = string.IsNullOrEmpty(lan.CertificatePassword) ? null : lan.CertificatePassword;
        X509Certificate2 leaf;
        var chain = new X509Certificate2Collection();
        if (IsPem(lan.CertificatePath))
        {
            var keyPath = string.IsNullOrEmpty(lan.CertificateKeyPath) ? null : lan.CertificateKeyPath;
            leaf = password is null
                ? X509Certificate2.CreateFromPemFile(lan.CertificatePath, keyPath)
                : X509Certificate2.CreateFromEncryptedPemFile(lan.CertificatePath, password, keyPath);
            chain.ImportFromPemFile(lan.CertificatePath);
            RemoveLeaf(chain, leaf);
        }
        else
        {
            var all = X509CertificateLoader.LoadPkcs12CollectionFromFile(lan.CertificatePath, password);
            leaf = all.FirstOrDefault(c => c.HasPrivateKey)
                ?? throw new CryptographicException($"{lan.CertificatePath} holds no certificate with a private key.");
            foreach (var other in all.Where(c => c != leaf))
            {
                chain.Add(other);
            }
        }

        if (!leaf.HasPrivateKey)
        {
            throw new CryptographicException($"{lan.CertificatePath} has no private key to go with it.");
        }

        // On Linux a key read from PEM is usable by SslStream as it is; the context carries the intermediates.
        var context = SslStreamCertificateContext.Create(leaf, chain, offline: true);
        return new ServedCertificate(leaf, context, stamp);
    }

    private static bool IsPem(string path)
    {
        Span<byte> head = stackalloc byte[64];
        using var file = File.OpenRead(path);
        var read = file.Read(head);
        return head[..read].IndexOf("-----BEGIN"u8) >= 0;
    }

    private static void RemoveLeaf(X509Certificate2Collection chain, X509Certificate2 leaf)
    {
        foreach (var certificate in chain.Where(c => c.Thumbprint == leaf.Thumbprint).ToList())
        {
            chain.Remove(certificate);
        }
    }
}
