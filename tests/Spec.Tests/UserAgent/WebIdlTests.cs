namespace ComputeUtility.Spec.Tests.UserAgent;

/// <summary>
/// The WebIDL of spec/user-agent.md parses, validates, and offers what the browser shim's
/// DistributedWorker offers, less what the user agent deliberately keeps from the page.
/// </summary>
public sealed class WebIdlTests
{
    private static readonly Lazy<WebIdl> Idl = new(() => WebIdl.Read(Repo.Spec("user-agent.md")));
    private static readonly string Shim = File.ReadAllText(Repo.PathOf(ShimDeclarations.Path));

    /// <summary>Members of the shim's class the user agent leaves out, and why (spec/user-agent.md section 4 says the same).</summary>
    private static readonly Dictionary<string, string> OmittedMembers = new()
    {
        ["utility"] = "the utility's origin is what the page must not learn (CU-UA-4)",
        ["candidates"] = "the places considered, with round trips, load and estimates, fingerprint the user's location (CU-UA-4)",
    };

    /// <summary>Members the .d.ts declares only to type them, which the interface inherits from EventTarget.</summary>
    private static readonly Dictionary<string, string> InheritedMembers = new()
    {
        ["addEventListener"] = "EventTarget",
        ["removeEventListener"] = "EventTarget",
    };

    /// <summary>Options of the shim the user agent leaves out, and why.</summary>
    private static readonly Dictionary<string, string> OmittedOptions = new()
    {
        ["utility"] = "the user agent selects from its own list, never the page's (CU-UA-3)",
        ["accessToken"] = "pairing credentials stay in the user agent (CU-ACC-7)",
        ["localWeight"] = "how dear local work is (battery) is the user agent's knowledge",
        ["maxRoundTripMs"] = "a page-supplied bound would let the page bisect the round trip to a utility",
        ["timeoutMs"] = "how long to wait for a utility is the user agent's policy",
        ["logToConsole"] = "the developer tools are the user agent's business; log events remain",
    };

    [Fact]
    public void The_webidl_blocks_parse_and_validate_with_webidl2()
    {
        Idl.Value.Blocks.Should().BeGreaterThan(0);
        Idl.Value.Errors.Should().BeEmpty();
        Idl.Value.Interfaces.Should().ContainKey("DistributedWorker");
    }

    [Fact]
    public void DistributedWorker_is_an_EventTarget_exposed_to_windows_in_secure_contexts_only()
    {
        var worker = Idl.Value.Interfaces["DistributedWorker"];

        worker.Inheritance.Should().Be("EventTarget");
        worker.ExtAttrs.Should().Contain("SecureContext").And.Contain(a => a.StartsWith("Exposed=", StringComparison.Ordinal) && a.Contains("Window"));
    }

    [Fact]
    public void DistributedWorker_has_every_member_of_the_shims_class_but_those_the_user_agent_omits_and_no_other()
    {
        var shim = ShimDeclarations.Members(Shim, "class", "DistributedWorker");

        shim.Should().Contain(OmittedMembers.Keys.Concat(InheritedMembers.Keys), "an omission names a member the shim has");
        Idl.Value.Interfaces["DistributedWorker"].Members.Should().BeEquivalentTo(shim.Except(OmittedMembers.Keys).Except(InheritedMembers.Keys));
    }

    [Fact]
    public void DistributedWorkerOptions_has_every_option_of_the_shim_but_those_the_user_agent_omits_and_no_other()
    {
        var shim = ShimDeclarations.Members(Shim, "interface", "DistributedWorkerOptions");

        shim.Should().Contain(OmittedOptions.Keys);
        Idl.Value.Dictionaries["DistributedWorkerOptions"].Should().BeEquivalentTo(shim.Except(OmittedOptions.Keys));
    }

    [Fact]
    public void Each_omission_is_explained_in_the_table_of_section_4()
    {
        var text = File.ReadAllText(Repo.Spec("user-agent.md"));
        var section = Regex.Match(text, @"^## 4\. .*?(?=^## 5\.)", RegexOptions.Singleline | RegexOptions.Multiline).Value;

        section.Should().NotBeEmpty();
        OmittedMembers.Keys.Concat(OmittedOptions.Keys).Concat(InheritedMembers.Keys).Distinct()
            .Where(name => !section.Contains($"`{name}`", StringComparison.Ordinal) && !section.Contains($"`{name}(", StringComparison.Ordinal))
            .Should().BeEmpty("section 4 gives the reason for every member the user agent leaves out");
    }

    [Fact]
    public void The_declaration_reader_finds_members_declared_over_several_lines_and_overloaded()
    {
        const string declarations = """
            export declare class Sample extends EventTarget {
              /** A comment; with a semicolon. */
              constructor(url: string | URL, options: { a?: number; b?: string });
              static make(x: ArrayBuffer,
                options?: Omit<Options, 'x'> & { y?: string }): Sample;
              readonly state: 'a' | 'b';
              onthing: ((this: Sample, event: Event) => void) | null;
              listen<K extends keyof Map>(type: K, listener: (event: Map[K]) => void): void;
              listen(type: string): void;
            }
            export interface Other { hidden: number; }
            """;

        ShimDeclarations.Members(declarations, "class", "Sample").Should().Equal("constructor", "make", "state", "onthing", "listen");
    }
}
