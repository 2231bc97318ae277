using System.CommandLine;
using System.CommandLine.Parsing;
using System.Net;
using ComputeUtility.Conformance.Running;

namespace ComputeUtility.Conformance.Cli;

/// <summary>The surface of <c>cu-conformance run</c>: its options and their checks, apart from what the command does.</summary>
internal sealed class RunCommandLine
{
    private readonly Option<Uri> _target = new("--target")
    {
        Description = "Base URL of the utility to check",
        HelpName = "URL",
        Required = true,
        CustomParser = ParseTarget,
    };

    private readonly Option<string> _profile = new("--profile")
    {
        Description = $"Conformance classes to run, comma-separated: {string.Join("|", SuiteSettings.AllProfiles)}|all",
        HelpName = "PROFILE[,...]",
        DefaultValueFactory = _ => "all",
    };

    private readonly Option<string> _json = new("--report-json") { Description = "Write the report as JSON to FILE", HelpName = "FILE" };
    private readonly Option<string> _junit = new("--junit") { Description = "Write the report as JUnit XML to FILE", HelpName = "FILE" };
    private readonly Option<string> _markdown = new("--markdown") { Description = "Write the implementation report as Markdown to FILE", HelpName = "FILE" };

    private readonly Option<IPEndPoint> _originBind = new("--origin-bind")
    {
        Description = "Where the suite's own origin listens (default: loopback, a free port)",
        HelpName = "ADDR:PORT",
        CustomParser = ParseEndPoint,
    };

    private readonly Option<string> _spec = new("--spec") { Description = "A folder with openapi.yaml and schemas/ to check against instead of the embedded spec", HelpName = "DIR" };

    private readonly Option<string[]> _only = new("--only")
    {
        Description = "Only the checks whose id starts with one of these (repeatable, comma-separated)",
        HelpName = "CHECK-ID-PREFIX[,...]",
    };

    private readonly Option<string> _interfaces = new("--discovery-interface")
    {
        Description = "Interfaces the discovery profile browses on: loopback, all or names, comma-separated",
        HelpName = "NAME[,...]",
        DefaultValueFactory = _ => "loopback",
    };

    private readonly Option<string> _accessToken = new("--access-token") { Description = "Access token for a target that requires one (section 4.1)", HelpName = "TOKEN" };

    private readonly Option<bool> _checkShutdown = new("--check-shutdown")
    {
        Description = "Check CU-WRK-14 last: the suite asks you (on stderr) to stop the target and watches it refuse new work",
    };

    private readonly Option<string> _shutdownCommand = new("--shutdown-command")
    {
        Description = "Check CU-WRK-14 last, stopping the target by running CMD with /bin/sh (e.g. 'kill -TERM 1234')",
        HelpName = "CMD",
    };

    private readonly Option<string> _deniedOrigin = new("--denied-origin")
    {
        Description = "A page origin you denied on the target, to check that its answers carry no Access-Control-Allow-Origin (CU-CORS-3)",
        HelpName = "ORIGIN",
    };

    private readonly Option<int> _requestTimeout = new("--request-timeout")
    {
        Description = "Seconds the suite waits for one answer (a task run waits limits.taskDeadlineMs on top)",
        HelpName = "SECONDS",
        DefaultValueFactory = _ => 30,
    };

    public RunCommandLine()
    {
        _profile.Validators.Add(CheckProfiles);
        Command = new Command("run", "Run the suite against a utility and write the reports; exit code 0 if and only if every required check passed")
        {
            _target, _profile, _json, _junit, _markdown, _originBind, _spec, _only, _interfaces, _accessToken, _checkShutdown, _shutdownCommand,
            _deniedOrigin, _requestTimeout,
        };
        _requestTimeout.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 3600)
            {
                r.AddError("--request-timeout must be between 1 and 3600 seconds");
            }
        });
        _deniedOrigin.Validators.Add(r =>
        {
            var text = r.GetValueOrDefault<string>();
            if (!Uri.TryCreate(text, UriKind.Absolute, out var origin) || origin.Scheme is not ("http" or "https") || origin.AbsolutePath != "/" || text!.EndsWith('/'))
            {
                r.AddError($"--denied-origin must be an origin (scheme://host[:port]), not '{text}'");
            }
        });
        Command.Validators.Add(r =>
        {
            if (r.GetResult(_checkShutdown) is not null && r.GetResult(_shutdownCommand) is not null)
            {
                r.AddError("--check-shutdown and --shutdown-command: give one of them");
            }
        });
    }

    public Command Command { get; }

    public RunOptions Read(ParseResult result)
    {
        var profiles = Split(result.GetValue(_profile)!);
        return new RunOptions(new SuiteSettings
        {
            Target = result.GetValue(_target)!,
            Profiles = profiles.Contains("all") ? SuiteSettings.AllProfiles : profiles,
            OriginBind = result.GetValue(_originBind),
            SpecDirectory = result.GetValue(_spec),
            Only = (result.GetValue(_only) ?? []).SelectMany(Split).ToList(),
            DiscoveryInterfaces = Split(result.GetValue(_interfaces)!),
            AccessToken = result.GetValue(_accessToken),
            RequestTimeout = TimeSpan.FromSeconds(result.GetValue(_requestTimeout)),
            DeniedOrigin = result.GetValue(_deniedOrigin),
            StopTarget = result.GetValue(_shutdownCommand) is { } command ? TargetStop.ByCommand(command)
                : result.GetValue(_checkShutdown) ? TargetStop.ByOperator(Console.Error)
                : null,
        }, result.GetValue(_json), result.GetValue(_junit), result.GetValue(_markdown));
    }

    private static List<string> Split(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    private static Uri? ParseTarget(ArgumentResult result)
    {
        var text = result.Tokens[^1].Value;
        if (Uri.TryCreate(text, UriKind.Absolute, out var target) && target.Scheme is "http" or "https")
        {
            return target;
        }

        result.AddError($"--target must be an http(s) base URL, not '{text}'");
        return null;
    }

    private static IPEndPoint? ParseEndPoint(ArgumentResult result)
    {
        var text = result.Tokens[^1].Value;
        if (IPEndPoint.TryParse(text, out var endpoint))
        {
            return endpoint;
        }

        result.AddError($"--origin-bind must be ADDRESS:PORT, not '{text}'");
        return null;
    }

    private static void CheckProfiles(OptionResult result)
    {
        var unknown = result.Tokens.SelectMany(t => Split(t.Value)).Except(SuiteSettings.AllProfiles.Append("all")).ToList();
        if (unknown.Count > 0)
        {
            result.AddError($"--profile: unknown profile(s): {string.Join(", ", unknown)}");
        }
    }
}
