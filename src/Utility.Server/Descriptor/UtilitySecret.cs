using System.Security.Cryptography;
using System.Text;
using ComputeUtility.Server.Storage;
using Microsoft.Extensions.Options;

namespace ComputeUtility.Server.Descriptor;

/// <summary>
/// A 256-bit secret made once per installation and kept where only the owner can read it, from which the
/// descriptor's id for each page origin is derived (CU-DESC-12): stable for one origin, unrelated between origins.
/// </summary>
internal sealed class UtilitySecret
{
    private readonly Lazy<byte[]> _key;

    public UtilitySecret(IOptions<UtilityOptions> options)
    {
        Path = OwnerStateFolder.PathOf(options.Value.SecretFile, "descriptor-secret");
        _key = new Lazy<byte[]>(LoadOrCreate);
    }

    public string Path { get; }

    /// <summary>The id this utility shows <paramref name="partition"/>: HMAC-SHA256(secret, origin) as a version 8 UUID.</summary>
    public string IdFor(string partition)
    {
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_key.Value, Encoding.UTF8.GetBytes(partition), mac);
        var bytes = mac[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80); // version 8: a UUID whose bits the maker defines (RFC 9562)
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // variant 10
        var hex = Convert.ToHexStringLower(bytes);
        return $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}";
    }

    private byte[] LoadOrCreate()
    {
        if (TryRead() is { } existing)
        {
            return existing;
        }

        var corrupt = File.Exists(Path); // there but not a secret: replace it
        var secret = RandomNumberGenerator.GetBytes(32);
        var temporary = OwnerOnlyFile.WriteTemporary(Path, stream => stream.Write(Encoding.ASCII.GetBytes(Convert.ToHexStringLower(secret))));

        try
        {
            File.Move(temporary, Path, overwrite: corrupt);
            return secret;
        }
        catch (IOException)
        {
            // Another process of this installation made it first: use theirs, so both show the same ids.
            File.Delete(temporary);
            return TryRead() ?? throw new InvalidOperationException($"The descriptor secret at {Path} is unreadable.");
        }
    }

    private byte[]? TryRead()
    {
        try
        {
            var text = File.ReadAllText(Path).Trim();
            return text.Length == 64 ? Convert.FromHexString(text) : null;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or FormatException)
        {
            return null;
        }
    }
}
