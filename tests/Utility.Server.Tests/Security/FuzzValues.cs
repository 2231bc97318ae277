namespace ComputeUtility.Server.Tests.Security;

/// <summary>
/// Pools of hostile values. Every URL here is one the utility must refuse before it connects
/// (another scheme, malformed, or an internal address literal or name), so fuzzing never makes
/// it send anything beyond loopback.
/// </summary>
internal static class FuzzValues
{
    public static readonly string[] RefusedUrls =
    [
        "", "not a url", "/relative/manifest.json", "manifest.json", "http://", "http:///x", "//127.0.0.1/x",
        "ftp://127.0.0.1/m.json", "file:///etc/passwd", "javascript:alert(1)", "data:application/json,{}",
        "gopher://127.0.0.1:1/", "ws://127.0.0.1:1/m.json", "http://127.0.0.1:1/m.json", "http://[::1]:1/m.json",
        "http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/m.json", "http://192.168.1.1/m.json",
        "http://localhost:1/m.json", "http://app.localhost/m.json", "http://2130706433/m.json", "http://0x7f.1/m.json",
        "http://017700000001/m.json", "http://[::ffff:127.0.0.1]:1/m.json", "http://0.0.0.0:1/m.json",
        "http://user:pass@127.0.0.1:1/m.json", "http://[fe80::1%25lo]:1/m.json", "http://127.0.0.1:99999/m.json",
        "http://[fd00::1]/m.json", "http://100.64.0.1/m.json", "http://224.0.0.251/m.json", "HTTP://LOCALHOST:1/M.JSON",
        "http://127.0.0.1:1/" + new string('a', 6000), "http://127.0.0.1:1/%00%ff%zz", "http://[::]:1/", "http://[",
    ];

    public static readonly string[] BadIntegrity =
    [
        "", " ", "sha256-", "sha256-AAAA", "sha256-!!!!", "md5-" + Convert.ToBase64String(new byte[16]),
        "sha1-" + Convert.ToBase64String(new byte[20]), "sha512-" + Convert.ToBase64String(new byte[32]),
        "SHA256-" + Convert.ToBase64String(new byte[32]), "sha256-" + new string('A', 20_000),
        "sha256-" + Convert.ToBase64String(new byte[32]), "sha384-" + Convert.ToBase64String(new byte[48]) + "?ct=x",
        "sha256-" + Convert.ToBase64String(new byte[32]) + "   sha999-abc", "sha256-" + Convert.ToBase64String(new byte[32]).TrimEnd('='),
        "sha256-" + Convert.ToBase64String(SHA256.HashData([1])) + "\n", "sha256-\u00e9\u00e9\u00e9",
    ];

    // No %00: Kestrel refuses a NUL in the path itself, with an empty 400, before the application sees the request.
    public static readonly string[] BadIds =
    [
        "w-unknown", "x", "-leading-dash", "..", "%2e%2e", "a%2Fb", "%ff", "%C3%BC", new string('a', 129),
        new string('w', 4000), "null", "0", "w%20x", "CON", "w-" + new string('9', 64),
    ];

    public static readonly string[] BadIntegers =
    [
        "-1", "99999999999999999999999999", "1.5", "abc", "", "0x10", " 1", "1e3", "-0", "NaN", "9223372036854775808",
    ];

    public static readonly string[] BadStrings =
    [
        "", " ", "\"", "'", "<script>", "${jndi:x}", "../../etc/passwd", new string('z', 7000), "true", "-1", "\t",
    ];

    public static readonly string[] RequestOrigins =
    [
        "https://app.example", "null", "garbage", "http://127.0.0.1:1", "http://[::1]", "https://app.example:99999",
    ];

    public static readonly string[] JsonReplacements =
    [
        "null", "true", "0", "-1", "1.5", "1e308", "-1e308", "18446744073709551616", "123456789012345678901234567890",
        "[]", "{}", "[\"x\"]", "{\"a\":1}", "\"\"", "\" \"", "\"\\u0000\"", "\"\\u202e\"",
    ];

    public static readonly string[] BrokenJson =
    [
        "{\"package\":\"\\ud800\",\"integrity\":\"\\udfff\"}", // lone surrogates: JSON text no .NET JsonNode would write
        "", "{", "}", "[", "{\"package\":", "{'package':'x'}", "{\"a\":1,}", "nul", "\u00ef\u00bb\u00bf{}", "{\"a\":1}{\"b\":2}",
        "{\"package\":\"x\",\"package\":\"y\"}", "NaN", "Infinity", "{\"a\":01}", "/* c */ {}", "[1,2,3]", "\"just a string\"",
        "42", "null", "true",
    ];

    public static readonly string[] WrongContentTypes =
    [
        "text/plain", "application/xml", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded",
        "application/json; charset=utf-16", "application/octet-stream", "application/vnd.compute-utility.snapshot",
        "*/*", "garbage", "application/json+evil", "",
    ];

    public static string RandomText(Random random, int length)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        return string.Create(length, random, (span, r) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = alphabet[r.Next(alphabet.Length)];
            }
        });
    }

    public static T Pick<T>(this Random random, IReadOnlyList<T> values) => values[random.Next(values.Count)];
}
