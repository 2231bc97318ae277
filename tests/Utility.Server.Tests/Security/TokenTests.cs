using System.Diagnostics;

namespace ComputeUtility.Server.Tests.Security;

/// <summary>Worker and snapshot tokens: long, random, opening one resource, compared without leaking how close a guess was.</summary>
public sealed class TokenTests(UtilityFixture utility) : IClassFixture<UtilityFixture>
{
    [Fact]
    [Requirement("CU-WRK-6")]
    public async Task CU_WRK_6_a_worker_token_is_256_random_bits_in_base64url_without_padding()
    {
        var tokens = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            tokens.Add((await CreatedWorker.CreateAsync(utility.Client, utility.Echo)).Token);
        }

        foreach (var token in tokens)
        {
            token.Should().MatchRegex("^[A-Za-z0-9_-]{43}$", "32 bytes are 43 base64url characters without padding");
            Convert.FromBase64String(token.Replace('-', '+').Replace('_', '/') + "=").Should().HaveCount(32);
        }

        tokens.Should().OnlyHaveUniqueItems();
        // 5 × 256 random bits: every byte value shows up about as often as any other; a counter or a clock would not.
        var bytes = tokens.SelectMany(t => Convert.FromBase64String(t.Replace('-', '+').Replace('_', '/') + "=")).ToArray();
        bytes.Distinct().Count().Should().BeGreaterThan(100, "160 random bytes take well over 100 distinct values");
    }

    [Fact]
    [Requirement("CU-SNAP-7", "CU-WRK-6")]
    public async Task CU_SNAP_7_a_snapshot_token_is_as_strong_as_a_worker_token_and_differs_from_it()
    {
        var worker = await CreatedWorker.CreateAsync(utility.Client, utility.Echo);

        var snapshot = await (await utility.Client.SendAsync(worker.Request(HttpMethod.Post, "/snapshots"))).Content.ReadFromJsonAsync<JsonElement>();

        var token = snapshot.GetProperty("token").GetString();
        token.Should().MatchRegex("^[A-Za-z0-9_-]{43}$").And.NotBe(worker.Token);
    }

    [Fact]
    [Requirement("CU-SEC-3")]
    public void CU_SEC_3_a_guess_that_shares_all_but_the_last_character_takes_as_long_to_refuse_as_one_that_shares_none()
    {
        var token = WorkerToken.Create();
        var nearMiss = token.Value[..^1] + (token.Value[^1] == 'A' ? 'B' : 'A');
        var farMiss = new string(token.Value.Select(c => c == 'A' ? 'B' : 'A').ToArray());

        // Interleaved blocks, the fastest block of each kind: a comparison that stops at the first difference
        // would make the near miss measurably slower (about 40 character compares against 1).
        double near = double.MaxValue, far = double.MaxValue;
        for (var block = 0; block < 30; block++)
        {
            near = Math.Min(near, Time(token, nearMiss));
            far = Math.Min(far, Time(token, farMiss));
        }

        token.Matches(nearMiss).Should().BeFalse();
        token.Matches(farMiss).Should().BeFalse();
        token.Matches(token.Value).Should().BeTrue();
        (near / far).Should().BeInRange(0.7, 1.4, $"near miss {near:0.0} ns, far miss {far:0.0} ns per comparison");
    }

    private static double Time(WorkerToken token, string guess)
    {
        const int rounds = 2_000;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < rounds; i++)
        {
            token.Matches(guess);
        }

        return clock.Elapsed.TotalNanoseconds / rounds;
    }
}
