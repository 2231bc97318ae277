using System.Diagnostics;

namespace ComputeUtility.Discovery.Tests.Interop;

/// <summary>Reads what <c>avahi-browse -rpt</c> resolves, undoing the escapes of its parsable output.</summary>
internal static class AvahiBrowse
{
    /// <summary>The fields of the first resolved ("=") line for <paramref name="instance"/>, names already unescaped; null after the limit.</summary>
    public static async Task<string[]?> ResolvedAsync(string instance, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            // -t ends after Avahi's cache is dumped ("all for now"); ask again until it has resolved ours.
            var (_, stdout, _) = await ExternalProcess.RunAsync("avahi-browse", ["-rpt", "_compute-utility._tcp"], TimeSpan.FromSeconds(10));
            var line = stdout.Split('\n')
                .Where(l => l.StartsWith("=;", StringComparison.Ordinal))
                .Select(l => l.Split(';'))
                .FirstOrDefault(f => f.Length > 9 && Unescape(f[3]) == instance);
            if (line is not null)
            {
                line[3] = Unescape(line[3]);
                line[6] = Unescape(line[6]);
                return line;
            }
        }

        return null;
    }

    /// <summary>
    /// avahi-browse -p writes labels as avahi_escape_label does: "\." and "\\" for dot and backslash, and "\DDD"
    /// (three decimal digits) for each byte that is not a letter, digit, '-' or '_' — so a UTF-8 name arrives as
    /// its bytes, which are put back together here.
    /// </summary>
    public static string Unescape(string field)
    {
        var bytes = new List<byte>();
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && i + 3 < field.Length && char.IsAsciiDigit(field[i + 1]) && char.IsAsciiDigit(field[i + 2]) && char.IsAsciiDigit(field[i + 3]))
            {
                bytes.Add((byte)int.Parse(field.AsSpan(i + 1, 3), System.Globalization.CultureInfo.InvariantCulture));
                i += 3;
            }
            else if (field[i] == '\\' && i + 1 < field.Length)
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(field[i + 1].ToString()));
                i += 1;
            }
            else
            {
                var length = char.IsHighSurrogate(field[i]) && i + 1 < field.Length ? 2 : 1;
                bytes.AddRange(Encoding.UTF8.GetBytes(field.Substring(i, length)));
                i += length - 1;
            }
        }

        return Encoding.UTF8.GetString(bytes.ToArray());
    }
}
