namespace ComputeUtility.Discovery.Tests.Interop;

/// <summary>npm multicast-dns, a second independent implementation, queries our responder.</summary>
[Collection(MalformedPacketsCollection.Name)]
public sealed class MulticastDnsInteropTests
{
    [Fact]
    public async Task A_multicast_dns_query_gets_ptr_srv_txt_and_address_records_from_our_responder()
    {
        PrivateNetwork.Require();
        var folder = Repo.Path("tests", "Discovery.Tests", "interop");
        if (ExternalProcess.Which("node") is null || !Directory.Exists(Path.Combine(folder, "node_modules", "multicast-dns")))
        {
            throw new InvalidOperationException($"This test needs node and npm multicast-dns: run 'npm ci' in {folder} (outside the namespace).");
        }

        var name = "npm-asks-" + Guid.NewGuid().ToString("n")[..6];
        await using var responder = TestResponder.Create(name, 18482, dv: 9);
        await responder.StartAsync(CancellationToken.None);

        var (exit, stdout, stderr) = await ExternalProcess.RunAsync("node", ["query.js", name, "8000"], TimeSpan.FromSeconds(15), folder);

        exit.Should().Be(0, stderr);
        stderr.Should().BeEmpty();
        var records = JsonDocument.Parse(stdout).RootElement.EnumerateArray()
            .Select(r => (Name: r.GetProperty("name").GetString(), Type: r.GetProperty("type").GetString(), Data: r.GetProperty("data")))
            .ToList();
        var instance = $"{name}._compute-utility._tcp.local";
        records.Should().Contain(r => r.Type == "PTR" && r.Name == "_compute-utility._tcp.local" && r.Data.GetString() == instance);
        var srv = records.First(r => r.Type == "SRV" && r.Name == instance).Data;
        srv.GetProperty("port").GetInt32().Should().Be(18482);
        var txt = records.First(r => r.Type == "TXT" && r.Name == instance).Data.EnumerateArray().Select(e => e.GetString()).ToList();
        txt.Should().Equal("txtvers=1", "path=/.well-known/compute-utility", "api=1.0", "dv=9");
        records.Should().Contain(r => r.Type == "A" && r.Name == srv.GetProperty("target").GetString() && r.Data.GetString() == "127.0.0.1");
    }
}
