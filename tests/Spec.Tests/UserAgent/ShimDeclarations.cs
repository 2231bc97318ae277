using System.Text;

namespace ComputeUtility.Spec.Tests.UserAgent;

/// <summary>
/// The member names of a class or interface in the browser shim's TypeScript declarations, read
/// simply: comments removed, the body split into its top-level statements at <c>;</c>, each
/// statement's first name (after <c>static</c> or <c>readonly</c>) taken, overloads counted once.
/// </summary>
internal static partial class ShimDeclarations
{
    /// <summary>Where the shim declares its API; the one place that names the file.</summary>
    public const string Path = "src/Browser.Shim/distributed-worker.d.ts";

    public static IReadOnlyList<string> Members(string declarations, string kind, string name)
    {
        var text = Comment().Replace(declarations, " ");
        var head = Regex.Match(text, $@"\b{kind}\s+{Regex.Escape(name)}\b[^{{]*\{{");
        if (!head.Success)
        {
            throw new InvalidOperationException($"{Path} declares no {kind} {name}");
        }

        var members = new List<string>();
        var statement = new StringBuilder();
        var depth = 0;
        for (var i = head.Index + head.Length; i < text.Length && !(depth == 0 && text[i] == '}'); i++)
        {
            var c = text[i];
            depth += c switch
            {
                '(' or '{' or '[' or '<' => 1,
                ')' or '}' or ']' => -1,
                '>' when text[i - 1] != '=' => -1, // '=>' of a function type closes nothing
                _ => 0,
            };
            if (depth == 0 && c == ';')
            {
                members.Add(Name().Match(statement.ToString()).Groups[1].Value);
                statement.Clear();
            }
            else
            {
                statement.Append(c);
            }
        }

        return members.Where(m => m.Length > 0).Distinct().ToList();
    }

    [GeneratedRegex(@"/\*.*?\*/|//[^\n]*", RegexOptions.Singleline)]
    private static partial Regex Comment();

    [GeneratedRegex(@"^\s*(?:static\s+)?(?:readonly\s+)?([A-Za-z_$][\w$]*)")]
    private static partial Regex Name();
}
