using System.Text.RegularExpressions;

namespace ComputeUtility.Conformance.Spec;

/// <summary>Every requirement of the prose standard, read from its numbered list items.</summary>
public sealed partial class RequirementCatalog
{
    private readonly Dictionary<string, Requirement> _byId;

    private RequirementCatalog(IEnumerable<Requirement> requirements) =>
        _byId = requirements.ToDictionary(r => r.Id, StringComparer.Ordinal);

    public IReadOnlyCollection<Requirement> All => _byId.Values;

    public static RequirementCatalog Load() => Parse(EmbeddedFiles.Text("spec/compute-utility.md"));

    public static RequirementCatalog Parse(string prose) =>
        new(Line().Matches(prose).Select(m => new Requirement(m.Groups[1].Value, m.Groups[2].Value,
            Level(m.Groups[3].Value), m.Groups[3].Value.Trim())));

    public bool Contains(string id) => _byId.ContainsKey(id);

    public Requirement this[string id] => _byId[id];

    private static RequirementLevel Level(string text) => Keyword().Match(text).Value switch
    {
        "MUST" or "MUST NOT" => RequirementLevel.Must,
        "SHOULD" or "SHOULD NOT" => RequirementLevel.Should,
        _ => RequirementLevel.May,
    };

    [GeneratedRegex(@"^- \*\*(CU-[A-Z]+-[0-9]+)\*\* \[([a-z]+)\] (.*)$", RegexOptions.Multiline)]
    private static partial Regex Line();

    [GeneratedRegex(@"\b(MUST NOT|MUST|SHOULD NOT|SHOULD|MAY)\b")]
    private static partial Regex Keyword();
}
