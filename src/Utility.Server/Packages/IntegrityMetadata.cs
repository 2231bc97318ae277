using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using ComputeUtility.Server.Storage;

namespace ComputeUtility.Server.Packages;

/// <summary>
/// Parsed SRI metadata: one or more hash-expressions separated by spaces. As in W3C SRI,
/// only the strongest algorithm present counts, and content matches if any digest of it matches.
/// </summary>
internal sealed class IntegrityMetadata
{
    private IntegrityMetadata(IReadOnlyList<SriDigest> strongest, string text)
    {
        Strongest = strongest;
        Text = text;
    }

    public IReadOnlyList<SriDigest> Strongest { get; }

    public string Text { get; }

    public HashAlgorithmName Algorithm => Strongest[0].Algorithm;

    /// <summary>The digest used as the cache key (the first of the strongest).</summary>
    public SriDigest Primary => Strongest[0];

    public static bool TryParse(string? text, [NotNullWhen(true)] out IntegrityMetadata? metadata, out string error)
    {
        metadata = null;
        error = "";
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "integrity is empty; give an SRI digest such as sha256-BASE64.";
            return false;
        }

        var digests = new List<SriDigest>();
        foreach (var token in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            // Options after '?' are reserved by SRI and ignored.
            var expression = token.Split('?', 2)[0];
            var dash = expression.IndexOf('-');
            if (dash <= 0)
            {
                error = $"'{token}' is not an SRI hash-expression (algorithm-BASE64).";
                return false;
            }

            HashAlgorithmName? algorithm = expression[..dash] switch
            {
                "sha256" => HashAlgorithmName.SHA256,
                "sha384" => HashAlgorithmName.SHA384,
                "sha512" => HashAlgorithmName.SHA512,
                _ => null,
            };
            if (algorithm is null)
            {
                error = $"'{expression[..dash]}' is not a supported integrity algorithm; use sha256, sha384 or sha512.";
                return false;
            }

            var expectedLength = algorithm.Value.Name switch { "SHA256" => 32, "SHA384" => 48, _ => 64 };
            var buffer = new byte[expectedLength + 3];
            if (!Convert.TryFromBase64String(expression[(dash + 1)..], buffer, out var written) || written != expectedLength)
            {
                error = $"'{token}' does not carry a {expectedLength}-byte base64 {expression[..dash]} digest.";
                return false;
            }

            digests.Add(new SriDigest(algorithm.Value, buffer[..written]));
        }

        var best = digests.Max(d => d.Strength);
        metadata = new IntegrityMetadata(digests.Where(d => d.Strength == best).ToArray(), text.Trim());
        return true;
    }

    /// <summary>True when the computed digest (of <see cref="Algorithm"/>) matches one of the strongest digests.</summary>
    public bool Matches(ReadOnlySpan<byte> computedDigest)
    {
        var any = false;
        foreach (var digest in Strongest)
        {
            any |= digest.Matches(computedDigest);
        }

        return any;
    }

    public override string ToString() => Text;
}
