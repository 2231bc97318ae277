using System.Security.Cryptography;
using ComputeUtility.Conformance.Origin;

namespace ComputeUtility.Conformance.Checks.Areas;

/// <summary>Sections 12 and 17: nothing one page origin leaves behind answers another (estimates, fetched bytes, compiled modules).</summary>
internal static class OriginPartitionChecks
{
    private const string Stranger = "https://stranger.invalid";

    public static IEnumerable<Check> All()
    {
        yield return new Check("partition.caches", "A package fetched and compiled for a page origin is fetched again for programs", "core",
            ["CU-SEC-13"], async c =>
            {
                // Bytes no other check uses (the probe with a custom section of its own), so nothing of them is cached yet.
                var package = c.Catalog.Publish("probe", "reactor", alias: "partition-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)),
                    moduleBytes: WithCustomSection(PackageCatalog.Module("probe")));
                var page = await c.PostJsonAsync("/v1/workers", package.Body, configure: r => r.Headers.Add("Origin", c.Origin.Authority));
                page.Expect(201);
                c.Track(page);
                var (manifests, modules) = (c.Origin.Hits(package.ManifestPath), c.Origin.Hits(package.ModulePath));
                Ensure.That(modules >= 1, "CU-SEC-13: the page's worker must have fetched its module");

                await c.CreateWorkerAsync(package); // a program: no Origin
                Ensure.That(c.Origin.Hits(package.ModulePath) > modules,
                    "CU-SEC-13: a program's worker was served the module fetched (or compiled) for a page origin; the module was not fetched again");
                Ensure.That(c.Origin.Hits(package.ManifestPath) > manifests,
                    "CU-SEC-13: a program's worker was served the manifest fetched for a page origin; it was not fetched again");
            });

        yield return new Check("partition.estimates", "Runs asked for by one page origin do not inform another origin's estimate", "estimates",
            ["CU-EST-6"], async c =>
            {
                if (!c.HasFeature("estimates") || !c.HasFeature("tasks"))
                {
                    throw Ensure.NotApplicable("the target does not offer both estimates and tasks");
                }

                var command = c.Catalog.Publish("command", "command", alias: "partition-estimate-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)));
                for (var i = 0; i < 3; i++)
                {
                    (await c.PostJsonAsync("/v1/tasks", new { package = command.ManifestUrl, integrity = command.Integrity, stdin = "abc" },
                        configure: r => r.Headers.Add("Origin", c.Origin.Authority))).Expect(200);
                }

                var ask = new { package = command.ManifestUrl, integrity = command.Integrity, inputBytes = 3 };
                var own = (await c.PostJsonAsync("/v1/estimates", ask, configure: r => r.Headers.Add("Origin", c.Origin.Authority))).Expect(200).Json;
                Ensure.That(own.GetProperty("basedOnRuns").GetInt32() >= 3, "CU-EST-4: the origin that ran the package three times gets an estimate of its runs");
                var program = (await c.PostJsonAsync("/v1/estimates", ask)).Expect(200).Json;
                Ensure.Equal(0, program.GetProperty("basedOnRuns").GetInt32(), "CU-EST-6: basedOnRuns for a program after a page's runs");
                var stranger = await c.PostJsonAsync("/v1/estimates", ask, configure: r => r.Headers.Add("Origin", Stranger));
                if (stranger.Code == 200)
                {
                    Ensure.Equal(0, stranger.Json.GetProperty("basedOnRuns").GetInt32(), $"CU-EST-6: basedOnRuns for {Stranger} after another page's runs");
                }
                else
                {
                    Ensure.Equal(403, stranger.Code, $"CU-EST-6: an estimate for {Stranger}: 200 with no runs, or refused"); // refused: it learns nothing either
                }
            });
    }

    /// <summary>The module with a custom section (id 0) of random bytes appended: the same code under a digest of its own.</summary>
    private static byte[] WithCustomSection(byte[] module)
    {
        var name = "cu-conformance"u8.ToArray();
        var payload = RandomNumberGenerator.GetBytes(16);
        var size = 1 + name.Length + payload.Length; // both lengths below 128: one LEB128 byte each
        return [.. module, 0, (byte)size, (byte)name.Length, .. name, .. payload];
    }
}
