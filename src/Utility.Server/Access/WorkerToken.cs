using System.Security.Cryptography;
using System.Text;

namespace ComputeUtility.Server.Access;

/// <summary>
/// A 256-bit bearer credential that opens one worker. Only its SHA-256 is kept, and it is
/// compared in constant time.
/// </summary>
internal sealed class WorkerToken
{
    private readonly byte[] _hash;

    private WorkerToken(string value)
    {
        Value = value;
        _hash = SHA256.HashData(Encoding.UTF8.GetBytes(value));
    }

    /// <summary>The token text; handed to the creator once and not stored in the worker resource.</summary>
    public string Value { get; }

    public static WorkerToken Create() => new(Base64Url(RandomNumberGenerator.GetBytes(32)));

    public bool Matches(string? presented)
    {
        if (string.IsNullOrEmpty(presented) || presented.Length > 256)
        {
            return false;
        }

        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(presented), hash);
        return CryptographicOperations.FixedTimeEquals(hash, _hash);
    }

    /// <summary>A random identifier: prefix plus 128 bits in lowercase base32.</summary>
    public static string NewId(string prefix)
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        const string alphabet = "abcdefghijklmnopqrstuvwxyz234567";
        var text = new StringBuilder(prefix, prefix.Length + 26);
        int buffer = 0, bits = 0;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                text.Append(alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }

        if (bits > 0)
        {
            text.Append(alphabet[(buffer << (5 - bits)) & 31]);
        }

        return text.ToString();
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
