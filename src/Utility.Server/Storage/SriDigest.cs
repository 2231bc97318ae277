using System.Security.Cryptography;

namespace ComputeUtility.Server.Storage;

/// <summary>One hash-expression of W3C Subresource Integrity: <c>sha256-BASE64</c>.</summary>
internal sealed record SriDigest(HashAlgorithmName Algorithm, byte[] Digest)
{
    public string Prefix => Algorithm.Name!.ToLowerInvariant();

    /// <summary>The SRI text form, also the key of the content-addressed cache.</summary>
    public override string ToString() => $"{Prefix}-{Convert.ToBase64String(Digest)}";

    /// <summary>A file-system-safe key: algorithm and lowercase hex.</summary>
    public string CacheKey => $"{Prefix}-{Convert.ToHexStringLower(Digest)}";

    public int Strength => Algorithm.Name switch
    {
        "SHA512" => 3,
        "SHA384" => 2,
        _ => 1,
    };

    public static SriDigest Compute(HashAlgorithmName algorithm, ReadOnlySpan<byte> content)
    {
        using var hash = IncrementalHash.CreateHash(algorithm);
        hash.AppendData(content);
        return new SriDigest(algorithm, hash.GetHashAndReset());
    }

    public bool Matches(ReadOnlySpan<byte> digest) => CryptographicOperations.FixedTimeEquals(Digest, digest);

    public bool Equals(SriDigest? other) =>
        other is not null && other.Algorithm == Algorithm && Digest.AsSpan().SequenceEqual(other.Digest);

    public override int GetHashCode() => HashCode.Combine(Algorithm, BitConverter.ToInt32(Digest, 0));
}
