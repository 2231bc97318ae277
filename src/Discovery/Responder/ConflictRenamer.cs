using System.Globalization;
using System.Text.RegularExpressions;

namespace ComputeUtility.Discovery.Responder;

/// <summary>RFC 6762 §9 / RFC 6763 §4.1: after a conflict, "Name" becomes "Name (2)", then "Name (3)", ….</summary>
internal static partial class ConflictRenamer
{
    [GeneratedRegex(@"^(?<base>.*) \((?<n>[0-9]{1,6})\)$")]
    private static partial Regex Numbered();

    public static string Next(string name)
    {
        var match = Numbered().Match(name);
        var (stem, number) = match.Success
            ? (match.Groups["base"].Value, int.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture) + 1)
            : (name, 2);
        var suffix = $" ({number.ToString(CultureInfo.InvariantCulture)})";
        while (System.Text.Encoding.UTF8.GetByteCount(stem) + suffix.Length > 63)
        {
            stem = stem[..^1]; // a label is at most 63 bytes
        }

        return stem + suffix;
    }
}
