namespace ComputeUtility.Browser.Tests.Hosting;

/// <summary>With a certificate from its owner, the LAN listener speaks HTTPS on its own port.</summary>
public sealed class HttpsLanTests
{
    [Fact]
    public async Task The_lan_listener_serves_https_with_the_owners_certificate()
    {
        TestNetwork.Require();
        var folder = Directory.CreateTempSubdirectory("cu-tls-").FullName;
        try
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest("CN=utility.test", key, HashAlgorithmName.SHA256);
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Parse(TestNetwork.LanAddress));
            request.CertificateExtensions.Add(names.Build());
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
            var certPath = Path.Combine(folder, "utility.crt");
            var keyPath = Path.Combine(folder, "utility.key");
            await File.WriteAllTextAsync(certPath, certificate.ExportCertificatePem());
            await File.WriteAllTextAsync(keyPath, key.ExportPkcs8PrivateKeyPem());
            var httpsPort = LoopbackPort.Free();

            await using var utility = await UtilityProcess.StartAsync("--lan", $"--Lan:CertificatePath={certPath}", $"--Lan:CertificateKeyPath={keyPath}",
                $"--Lan:HttpsPort={httpsPort}", "--Lan:AccessTokenFile=" + Path.Combine(folder, "tokens.json"));
            X509Certificate2? presented = null;
            using var handler = new SocketsHttpHandler
            {
                SslOptions = new SslClientAuthenticationOptions
                {
                    // The test trusts exactly the certificate it gave the utility.
                    RemoteCertificateValidationCallback = (_, cert, _, _) =>
                    {
                        presented = cert is null ? null : X509CertificateLoader.LoadCertificate(cert.GetRawCertData());
                        return cert is not null && cert.GetCertHashString() == certificate.GetCertHashString();
                    },
                },
            };
            using var client = new HttpClient(handler);

            var response = await client.GetAsync($"https://{TestNetwork.LanAddress}:{httpsPort}/.well-known/compute-utility");

            response.StatusCode.Should().Be(HttpStatusCode.OK, utility.Output);
            presented!.Thumbprint.Should().Be(certificate.Thumbprint);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
