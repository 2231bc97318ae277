using System.Text.Json;
using ComputeUtility.Discovery.Browsing;

namespace ComputeUtility.Conformance.Checks.Areas;

/// <summary>
/// Section 16: the target as DNS-SD shows it. The suite browses with mDNS on the interfaces given
/// (loopback by default): run it where multicast may go, e.g. inside a private network namespace.
/// </summary>
internal static class DiscoveryChecks
{
    private static readonly TimeSpan BrowseFor = TimeSpan.FromSeconds(10);

    public static IEnumerable<Check> All()
    {
        yield return new Check("discovery.service", "The target is found as _compute-utility._tcp, and its SRV host and port serve its descriptor (over https when TXT says scheme=https)",
            "discovery", ["CU-DISC-1", "CU-DISC-6", "CU-DISC-9", "CU-DISC-18"], async c =>
            {
                var found = await FindAsync(c);
                var answer = await c.SendAsync(HttpMethod.Get, found.DescriptorUri.ToString(), validate: false);
                answer.Expect(200);
                Ensure.Equal(c.Descriptor.GetProperty("id").GetString(), answer.Json.GetProperty("id").GetString(),
                    $"CU-DISC-9: the descriptor at {found.DescriptorUri} (SRV {found.HostName}:{found.Port})");
                var errors = c.Session.Spec.SchemaFile("descriptor.schema.json").Validate(answer.Body);
                Ensure.That(errors.Count == 0, "CU-DISC-9: the announced path does not answer a valid descriptor");
            });

        yield return new Check("discovery.txt", "The TXT record starts with txtvers=1 and carries path, api and the current dv", "discovery",
            ["CU-DISC-2", "CU-DISC-10"], async c =>
            {
                var found = await FindAsync(c);
                Ensure.That(found.Txt.Keys.FirstOrDefault() == "txtvers" && found.Txt["txtvers"] == "1",
                    $"CU-DISC-2: the first TXT key must be txtvers=1, got {string.Join(" ", found.Txt.Select(kv => $"{kv.Key}={kv.Value}"))}");
                foreach (var key in new[] { "path", "api", "dv" })
                {
                    Ensure.That(found.Txt.ContainsKey(key), $"CU-DISC-2: the TXT record lacks '{key}'");
                }

                Ensure.That(found.ApiVersion?.Split('.')[0] == c.Descriptor.GetProperty("apiVersion").GetString()!.Split('.')[0],
                    $"CU-DISC-2: api={found.ApiVersion} does not match apiVersion {c.Descriptor.GetProperty("apiVersion").GetString()}");
                var current = (await c.SendAsync(HttpMethod.Get, "/.well-known/compute-utility")).Expect(200).Json.GetProperty("descriptorVersion").GetInt64();
                Ensure.Equal(current, found.DescriptorVersion, "CU-DISC-10: dv against descriptorVersion");
            });

        yield return new Check("discovery.lifecycle", "Probing, announcing, renaming on conflict, TXT updates and goodbyes", "discovery",
            ["CU-DISC-3", "CU-DISC-4", "CU-DISC-5", "CU-DISC-14"], _ =>
                throw Ensure.NotApplicable("these happen when the target starts, stops or changes its descriptor, which a suite attached to a running target cannot cause; the reference implementation's own tests (tests/Discovery.Tests) check them"));
    }

    /// <summary>Browses once per run and finds the sighting whose descriptor is the target's (same id).</summary>
    private static async Task<DiscoveredUtility> FindAsync(CheckContext c)
    {
        c.Session.Sighting ??= BrowseAsync(c.Session, c.Descriptor.GetProperty("id").GetString()!);
        return await c.Session.Sighting ?? throw new CheckFailed(
            $"CU-DISC-1: no _compute-utility._tcp instance with the target's descriptor was found within {BrowseFor.TotalSeconds:0} s on {string.Join(",", c.Session.DiscoveryInterfaces)}");
    }

    private static async Task<DiscoveredUtility?> BrowseAsync(SuiteSession session, string id)
    {
        await using var browser = UtilityBrowser.Start(new BrowserOptions { Interfaces = session.DiscoveryInterfaces });
        var deadline = DateTime.UtcNow + BrowseFor;
        var checkedSignatures = new HashSet<string>();
        while (DateTime.UtcNow < deadline)
        {
            foreach (var found in browser.Current)
            {
                if (!checkedSignatures.Add($"{found.InstanceName}|{found.Port}|{found.Txt.GetValueOrDefault("dv")}"))
                {
                    continue;
                }

                try
                {
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
                    var body = await session.Http.GetStringAsync(found.DescriptorUri, timeout.Token);
                    if (JsonDocument.Parse(body).RootElement.GetProperty("id").GetString() == id)
                    {
                        return found;
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or JsonException or KeyNotFoundException)
                {
                    // Another utility on the link, or one that does not answer: keep looking.
                }
            }

            await Task.Delay(200);
        }

        return null;
    }
}
