namespace ComputeUtility.Conformance.Checks.Areas;

/// <summary>Section 17: what a black-box suite can see of the security requirements.</summary>
internal static class SecurityChecks
{
    public static IEnumerable<Check> All()
    {
        yield return new Check("security.loopback", "A utility not configured for other interfaces is reached on loopback", "core", ["CU-SEC-1"], c =>
        {
            if (!c.Session.Target.IsLoopback)
            {
                throw Ensure.NotApplicable("the target was given by a non-loopback address, so its owner configured it to serve one");
            }

            return Task.CompletedTask;
        });

        yield return new Check("security.no-token-in-answers", "No answer carries another worker's token", "core", ["CU-ERR-3", "CU-SEC-2"], async c =>
        {
            var mine = await c.CreateWorkerAsync(c.Package("probe"));
            var theirs = await c.CreateWorkerAsync(c.Package("probe"));
            var answers = new[]
            {
                await c.SendAsync(HttpMethod.Get, mine.Path, token: theirs.Token),
                await c.SendAsync(HttpMethod.Get, mine.Path, token: mine.Token),
                await c.SendAsync(HttpMethod.Get, "/.well-known/compute-utility"),
                await c.PostMessageAsync(mine, "{oops"),
            };
            foreach (var answer in answers)
            {
                Ensure.That(!answer.Body.Contains(theirs.Token, StringComparison.Ordinal) && !answer.Body.Contains(mine.Token, StringComparison.Ordinal),
                    $"CU-ERR-3: {answer.Method} {answer.Path} answered with a worker token in its body");
            }
        });

        yield return new Check("security.host-header", "A loopback-only utility refuses a Host that names another machine", "core", ["CU-SEC-6"], async c =>
        {
            if (!c.Session.Target.IsLoopback)
            {
                throw Ensure.NotApplicable("the target is not on loopback");
            }

            var answer = await c.SendAsync(HttpMethod.Get, "/.well-known/compute-utility", configure: r => r.Headers.Host = "attacker.invalid", validate: false);
            Ensure.That(answer.Code is >= 400 and < 500, $"CU-SEC-6: a request for Host attacker.invalid got {answer.Code} (DNS rebinding)");
        });
    }
}
