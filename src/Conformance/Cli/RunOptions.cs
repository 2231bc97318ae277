using System.Net;
using ComputeUtility.Conformance.Running;

namespace ComputeUtility.Conformance.Cli;

/// <summary>The surface of <c>cu-conformance run</c>: its options, parsed apart from what the command does.</summary>
internal sealed record RunOptions(SuiteSettings Settings, string? JsonPath, string? JUnitPath, string? MarkdownPath)
{
    public const string Usage = """
        usage: cu-conformance run --target <base URL> [--profile core|messaging|tasks|estimates|snapshots|discovery|all[,...]]
                                  [--report-json FILE] [--junit FILE] [--markdown FILE] [--origin-bind ADDR:PORT]
                                  [--spec DIR] [--only CHECK-ID-PREFIX[,...]] [--discovery-interface NAME[,...]]
                                  [--access-token TOKEN]   (for a target that requires one: section 4.1)
               cu-conformance list                 the checks and the requirements each cites
        """;

    public static RunOptions Parse(IReadOnlyList<string> args)
    {
        Uri? target = null;
        var profiles = new List<string> { "all" };
        string? json = null, junit = null, markdown = null, spec = null, accessToken = null;
        IPEndPoint? bind = null;
        var only = new List<string>();
        IReadOnlyList<string> interfaces = ["loopback"];
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--target":
                    var text = Value();
                    if (!Uri.TryCreate(text, UriKind.Absolute, out target) || target.Scheme is not ("http" or "https"))
                    {
                        throw new ArgumentException($"--target must be an http(s) base URL, not '{text}'");
                    }

                    break;
                case "--profile":
                    profiles = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
                    break;
                case "--report-json":
                    json = Value();
                    break;
                case "--junit":
                    junit = Value();
                    break;
                case "--markdown":
                    markdown = Value();
                    break;
                case "--spec":
                    spec = Value();
                    break;
                case "--discovery-interface":
                    interfaces = Value().Split(',', StringSplitOptions.RemoveEmptyEntries);
                    break;
                case "--only":
                    only.AddRange(Value().Split(',', StringSplitOptions.RemoveEmptyEntries));
                    break;
                case "--access-token":
                    accessToken = Value();
                    break;
                case "--origin-bind":
                    var endpoint = Value();
                    if (!IPEndPoint.TryParse(endpoint, out bind))
                    {
                        throw new ArgumentException($"--origin-bind must be ADDRESS:PORT, not '{endpoint}'");
                    }

                    break;
                default:
                    throw new ArgumentException($"unknown option '{args[i]}'");
            }
        }

        if (target is null)
        {
            throw new ArgumentException("--target is required");
        }

        var expanded = profiles.Contains("all") ? SuiteSettings.AllProfiles : profiles;
        var unknown = expanded.Except(SuiteSettings.AllProfiles).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"unknown profile(s): {string.Join(", ", unknown)}");
        }

        return new RunOptions(new SuiteSettings
        {
            Target = target,
            Profiles = expanded.ToList(),
            OriginBind = bind,
            SpecDirectory = spec,
            Only = only,
            DiscoveryInterfaces = interfaces,
            AccessToken = accessToken,
        }, json, junit, markdown);
    }
}
