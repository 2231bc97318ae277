using System.Diagnostics;
using System.Text.Json;
using ComputeUtility.Conformance.Checks;
using ComputeUtility.Conformance.Origin;
using ComputeUtility.Conformance.Spec;

namespace ComputeUtility.Conformance.Running;

/// <summary>Runs the checks of the chosen profiles against a target, one at a time, and reports as it goes.</summary>
public sealed class SuiteRunner(TextWriter progress)
{
    public async Task<SuiteReport> RunAsync(SuiteSettings settings, CancellationToken cancellationToken = default)
    {
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var requirements = RequirementCatalog.Load();
        var spec = new OpenApiDocument(settings.SpecDirectory ?? SpecDirectory.EmbeddedCopy);
        var checks = CheckCatalog.All
            .Where(c => settings.Profiles.Contains(c.Profile))
            .Where(c => settings.Only.Count == 0 || settings.Only.Any(o => c.Id.StartsWith(o, StringComparison.Ordinal)))
            .OrderBy(c => c.StopsTarget) // stable: the spec's order, and the check that stops the target last
            .ToList();

        var origin = await SuiteOrigin.StartAsync(settings.OriginBind);
        var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, UseProxy = false })
        {
            // Each request has its own timeout (SuiteSettings.RequestTimeout, longer where it waits for a published deadline).
            Timeout = Timeout.InfiniteTimeSpan,
        };
        await using var session = new SuiteSession(settings.Target, http, origin, spec, settings.DiscoveryInterfaces)
        {
            AccessToken = settings.AccessToken,
            RequestTimeout = settings.RequestTimeout,
            StopTarget = settings.StopTarget,
            DeniedOrigin = settings.DeniedOrigin,
        };
        progress.WriteLine($"cu-conformance: target {settings.Target}, origin {origin.Authority}, profiles {string.Join(",", settings.Profiles)}, {checks.Count} checks");

        var (descriptor, setupError) = await ReadDescriptorAsync(session, origin);
        if (setupError is not null)
        {
            progress.WriteLine("cu-conformance: " + setupError);
            return Report(settings, started, clock.Elapsed, descriptor, [], requirements, setupError);
        }

        session.Descriptor = descriptor!.Value;
        var results = new List<CheckResult>();
        foreach (var check in checks)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var result = DeclaredClasses.Declares(session.Descriptor, check.Profile)
                ? await RunOneAsync(check, session, requirements, settings.CheckTimeout + ExtraTime(check, session.Descriptor))
                : NotImplemented(check, requirements);
            results.Add(result);
            var mark = result.Outcome switch
            {
                Outcome.Passed => "pass", Outcome.Failed => "FAIL", Outcome.NotImplemented => "n/i ", Outcome.NotTested => "n/t ", _ => "n/a ",
            };
            progress.WriteLine($"  {mark} {check.Id,-44} {string.Join(" ", check.Requirements)}");
            if (result.Outcome != Outcome.Passed && result.Message is { } message)
            {
                progress.WriteLine($"       {message}");
            }
        }

        return Report(settings, started, clock.Elapsed, descriptor, results, requirements, null);
    }

    /// <summary>Section 1.2: a class the target does not declare is reported not implemented, and its checks are not run.</summary>
    private static CheckResult NotImplemented(Check check, RequirementCatalog requirements) =>
        new(check.Id, check.Title, check.Profile, check.Requirements, Outcome.NotImplemented,
            $"the target does not declare the {check.Profile} class ({DeclaredClasses.Describe(check.Profile)})", TimeSpan.Zero, IsRequired(check, requirements));

    private static bool IsRequired(Check check, RequirementCatalog requirements) =>
        check.Requirements.Any(r => requirements.Contains(r) && requirements[r].Level == RequirementLevel.Must);

    private static TimeSpan ExtraTime(Check check, JsonElement descriptor) =>
        (check.StopsTarget ? Checks.Areas.ShutdownChecks.StopWait : TimeSpan.Zero) + (check.ExtraTime?.Invoke(descriptor) ?? TimeSpan.Zero);

    private static async Task<CheckResult> RunOneAsync(Check check, SuiteSession session, RequirementCatalog requirements, TimeSpan timeout)
    {
        var required = IsRequired(check, requirements);
        var clock = Stopwatch.StartNew();
        Outcome outcome;
        string? message = null;
        var context = new CheckContext(session);
        try
        {
            await check.Run(context).WaitAsync(timeout);
            if (context.Violations.Count > 0)
            {
                outcome = Outcome.Failed;
                message = "answers do not match openapi.yaml (CU-ERR-1, CU-API-2): " + string.Join("; ", context.Violations.Distinct().Take(5));
            }
            else
            {
                outcome = Outcome.Passed;
            }
        }
        catch (CheckNotApplicable na)
        {
            outcome = Outcome.NotApplicable;
            message = na.Message;
        }
        catch (CheckNotTested notTested)
        {
            outcome = Outcome.NotTested;
            message = notTested.Message;
        }
        catch (CheckFailed failed)
        {
            outcome = Outcome.Failed;
            message = failed.Message;
        }
        catch (TimeoutException)
        {
            outcome = Outcome.Failed;
            message = $"the check did not finish within {timeout.TotalSeconds} s";
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or JsonException or InvalidOperationException
                                       or System.Net.WebSockets.WebSocketException or KeyNotFoundException or OperationCanceledException)
        {
            outcome = Outcome.Failed;
            message = $"{ex.GetType().Name}: {ex.Message}";
        }
        finally
        {
            await context.DisposeAsync();
        }

        return new CheckResult(check.Id, check.Title, check.Profile, check.Requirements, outcome, message, clock.Elapsed, required);
    }

    private static async Task<(JsonElement? Descriptor, string? Error)> ReadDescriptorAsync(SuiteSession session, SuiteOrigin origin)
    {
        JsonElement descriptor;
        try
        {
            using var timeout = new CancellationTokenSource(session.RequestTimeout);
            using var response = await session.Http.GetAsync(new Uri(session.Target, "/.well-known/compute-utility"), timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                return (null, $"the target answered {(int)response.StatusCode} for /.well-known/compute-utility; is it a compute utility?");
            }

            descriptor = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or TaskCanceledException)
        {
            return (null, $"cannot read the target's descriptor: {ex.Message}");
        }

        var policies = descriptor.TryGetProperty("policies", out var p) ? p : default;
        var privateAllowed = policies.ValueKind == JsonValueKind.Object && policies.TryGetProperty("privateHostsAllowed", out var pa)
                             && pa.ValueKind == JsonValueKind.True;
        var listed = policies.ValueKind == JsonValueKind.Object && policies.TryGetProperty("allowedOrigins", out var ao)
                     && ao.ValueKind == JsonValueKind.Array && ao.EnumerateArray().Any(o => string.Equals(o.GetString(), origin.Authority, StringComparison.OrdinalIgnoreCase));
        if (!privateAllowed && !listed)
        {
            return (descriptor, $"the target would refuse packages from the suite's origin {origin.Authority}: allow-list it on the target " +
                                "(e.g. --Packages:AllowedOrigins:0=" + origin.Authority + ", with --origin-bind to fix the port) or allow private package hosts.");
        }

        return (descriptor, null);
    }

    private static SuiteReport Report(SuiteSettings settings, DateTimeOffset started, TimeSpan duration, JsonElement? descriptor,
        IReadOnlyList<CheckResult> results, RequirementCatalog requirements, string? setupError) => new()
    {
        Target = settings.Target,
        Profiles = settings.Profiles,
        StartedAt = started,
        Duration = duration,
        Descriptor = descriptor,
        Checks = results,
        Requirements = requirements,
        SetupError = setupError,
    };
}
