using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace ComputeUtility.Server.Tls;

/// <summary>
/// The certificate the HTTPS listener presents, with the chain sent alongside it (the intermediates of an ACME
/// client's fullchain.pem), and the files' write times it was read at.
/// </summary>
internal sealed record ServedCertificate(X509Certificate2 Leaf, SslStreamCertificateContext Context, CertificateFileStamp Stamp);
