namespace ComputeUtility.Browser.Tests.Hosting;

/// <summary>
/// The HTTPS listener reads its certificate files again when an ACME client renews them (fullchain.pem and
/// privkey.pem replaced in place): new handshakes get the new certificate, open channels keep theirs.
/// </summary>
public sealed class CertificateReloadTests(Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cu-renew-").FullName;
    private readonly TestCertificateAuthority _authority = TestCertificateAuthority.Create("Compute Utility renewal test CA");
    private readonly int _httpsPort = LoopbackPort.Free();
    private X509Certificate2 _first = null!;
    private UtilityProcess _utility = null!;

    private string Https => $"https://{TestNetwork.LanAddress}:{_httpsPort}";

    public async Task InitializeAsync()
    {
        TestNetwork.Require();
        _first = _authority.Issue("utility.test", IPAddress.Parse(TestNetwork.LanAddress));
        var (fullChain, privateKey) = _authority.WritePemPair(_first, _folder);
        _utility = await UtilityProcess.StartAsync("--lan", $"--Lan:CertificatePath={fullChain}", $"--Lan:CertificateKeyPath={privateKey}",
            $"--Lan:HttpsPort={_httpsPort}", "--Lan:CertificateCheckSeconds=1", "--Lan:AccessTokenFile=" + Path.Combine(_folder, "tokens.json"));
    }

    public async Task DisposeAsync()
    {
        await _utility.DisposeAsync();
        _first.Dispose();
        _authority.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task CU_LNA_5_Renewed_certificate_files_are_presented_at_the_next_handshake_while_an_open_channel_keeps_delivering()
    {
        using var client = ClientTrustingTheTestCa(out var presented);
        var created = await CreateEchoWorkerAsync(client);
        var channel = new Uri(created.GetProperty("links").GetProperty("channel").GetString()!);
        using var socket = new ClientWebSocket();
        socket.Options.RemoteCertificateValidationCallback = (_, cert, chain, errors) => TrustedByTestCa(cert, chain, errors);
        await socket.ConnectAsync(new Uri($"{channel}?access_token={created.GetProperty("token").GetString()}"), CancellationToken.None);
        await SendAsync(socket, 1);
        (await NextCountAsync(socket)).Should().Be(1);
        presented().Should().Be(_first.Thumbprint);

        // certbot renews: new key and certificate from the same CA, written over the old files.
        using var second = _authority.Issue("utility.test", IPAddress.Parse(TestNetwork.LanAddress));
        _authority.WritePemPair(second, _folder);
        var seen = new List<string>();
        for (var i = 0; i < 60 && !seen.Contains(second.Thumbprint); i++)
        {
            using var fresh = ClientTrustingTheTestCa(out var freshPresented);
            (await fresh.GetAsync(Https + "/healthz")).EnsureSuccessStatusCode();
            seen.Add(freshPresented()!);
            if (!seen.Contains(second.Thumbprint))
            {
                await Task.Delay(250); // the utility checks the files every second (Lan:CertificateCheckSeconds=1)
            }
        }

        await SendAsync(socket, 2);
        var countAfter = await NextCountAsync(socket);
        output.WriteLine($"first {_first.Thumbprint}, renewed {second.Thumbprint}; handshakes after the rewrite presented: {string.Join(", ", seen)}; "
            + $"the channel opened before answered message 2 with count {countAfter}");

        second.Thumbprint.Should().NotBe(_first.Thumbprint);
        seen.Should().Contain(second.Thumbprint, _utility.Output);
        seen.SkipWhile(t => t != second.Thumbprint).Should().OnlyContain(t => t == second.Thumbprint, "once read, the new certificate stays");
        countAfter.Should().Be(2, "the channel opened under the old certificate keeps delivering");
        socket.State.Should().Be(WebSocketState.Open);
        _utility.Output.Should().Contain(second.Thumbprint, "the utility logs the certificate it now serves");
    }

    private async Task<JsonElement> CreateEchoWorkerAsync(HttpClient client)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Https + "/v1/workers")
        {
            Content = JsonContent.Create(new { package = Https + "/demo/echo/manifest.json", integrity = Integrity.Of("echo") }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", FirstAccessToken());
        var response = await client.SendAsync(request);
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync() + _utility.Output);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>A client with its own connection pool (so its first request is a new TLS handshake) that records what it was shown.</summary>
    private HttpClient ClientTrustingTheTestCa(out Func<string?> presented)
    {
        string? thumbprint = null;
        presented = () => thumbprint;
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, cert, chain, errors) =>
                {
                    thumbprint = cert?.GetCertHashString();
                    return TrustedByTestCa(cert, chain, errors);
                },
            },
        };
        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
    }

    private bool TrustedByTestCa(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != 0)
        {
            return false;
        }

        using var verify = new X509Chain();
        verify.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        verify.ChainPolicy.CustomTrustStore.Add(_authority.Root);
        verify.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return verify.Build(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
    }

    private string FirstAccessToken() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder, "tokens.json"))).RootElement.EnumerateArray().First().GetProperty("secret").GetString()!;

    private static Task SendAsync(ClientWebSocket socket, int i) =>
        socket.SendAsync(Encoding.UTF8.GetBytes($$"""{"i":{{i}}}"""), WebSocketMessageType.Text, true, CancellationToken.None);

    private static async Task<int> NextCountAsync(ClientWebSocket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var message = await WebSocketMessage.ReceiveAsync(socket, buffer, timeout.Token);
            var envelope = JsonDocument.Parse(buffer.AsMemory(0, message.Length)).RootElement;
            if (envelope.GetProperty("type").GetString() == "message")
            {
                return envelope.GetProperty("data").GetProperty("count").GetInt32();
            }
        }
    }
}
