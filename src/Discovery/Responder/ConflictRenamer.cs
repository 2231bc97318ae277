using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ComputeUtility.Discovery.Responder;

/// <summary>
/// RFC 6762 §9 / RFC 6763 §4.1: after a conflict, "Name" becomes "Name (2)", then "Name (3)", …; a host
/// name "host" becomes "host-2", "host-3", … (the form Avahi and mDNSResponder use).
/// </summary>
internal static partial class ConflictRenamer
{
    /// <summary>RFC 1035 §2.3.4: a DNS label is at most 63 bytes (UTF-8 on the mDNS wire, RFC 6762 §16).</summary>
    public const int MaxLabelBytes = 63;

    [GeneratedRegex(@"^(?<base>.*) \((?<n>[0-9]{1,6})\)$")]
    private static partial Regex Numbered();

    [GeneratedRegex(@"^(?<base>.*)-(?<n>[0-9]{1,6})$")]
    private static partial Regex NumberedHost();

    public static string Next(string name) => Renumber(Numbered().Match(name), name, n => $" ({n})");

    public static string NextHost(string label) => Renumber(NumberedHost().Match(label), label, n => $"-{n}");

    /// <summary>Cuts <paramref name="text"/> to at most <paramref name="maxBytes"/> UTF-8 bytes without splitting a character.</summary>
    public static string FitUtf8(string text, int maxBytes = MaxLabelBytes)
    {
        var bytes = 0;
        var end = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (bytes + rune.Utf8SequenceLength > maxBytes)
            {
                break;
            }

            bytes += rune.Utf8SequenceLength;
            end += rune.Utf16SequenceLength;
        }

        return text[..end];
    }

    private static string Renumber(Match match, string name, Func<string, string> format)
    {
        var (stem, number) = match.Success
            ? (match.Groups["base"].Value, int.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture) + 1)
            : (name, 2);
        var suffix = format(number.ToString(CultureInfo.InvariantCulture));
        return FitUtf8(stem, MaxLabelBytes - Encoding.UTF8.GetByteCount(suffix)) + suffix;
    }
}
