using System.Security.Cryptography;
using System.Text;
using ComputeUtility.Server.Storage;
using Microsoft.Extensions.Options;

namespace ComputeUtility.Server.Access;

/// <summary>
/// The owner's access tokens, kept in a file only the owner can read, so pairings survive a restart.
/// Presented secrets are compared by their SHA-256 digests in constant time.
/// </summary>
internal sealed class AccessTokenStore
{
    private const string SecretPrefix = "cua_";

    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly Dictionary<string, AccessToken> _tokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, byte[]> _digests = new(StringComparer.Ordinal);

    public AccessTokenStore(IOptions<LanOptions> options, TimeProvider time)
    {
        _time = time;
        Path = OwnerStateFolder.PathOf(options.Value.AccessTokenFile, "access-tokens.json");
        foreach (var token in OwnerJsonFile.Read<AccessToken>(Path))
        {
            _tokens[token.Id] = token;
            _digests[token.Id] = Digest(token.Secret);
        }
    }

    public string Path { get; }

    public IReadOnlyList<AccessToken> All
    {
        get
        {
            lock (_gate)
            {
                return _tokens.Values.OrderBy(t => t.CreatedAt).ToArray();
            }
        }
    }

    public AccessToken? Find(string id)
    {
        lock (_gate)
        {
            return _tokens.GetValueOrDefault(id);
        }
    }

    /// <summary>Makes a token with a 256-bit secret and saves it.</summary>
    public AccessToken Create(string label)
    {
        var token = new AccessToken(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)), label.Trim(),
            SecretPrefix + Base64Url(RandomNumberGenerator.GetBytes(32)), _time.GetUtcNow());
        lock (_gate)
        {
            _tokens[token.Id] = token;
            _digests[token.Id] = Digest(token.Secret);
            Save();
        }

        return token;
    }

    /// <summary>Revokes a token for good; false when there is no such token.</summary>
    public bool Revoke(string id)
    {
        lock (_gate)
        {
            if (!_tokens.TryGetValue(id, out var token))
            {
                return false;
            }

            if (token.Active)
            {
                _tokens[id] = token with { RevokedAt = _time.GetUtcNow() };
                Save();
            }

            return true;
        }
    }

    /// <summary>The active token whose secret was presented, or null. Every token is compared, each in constant time.</summary>
    public AccessToken? Verify(string? presented)
    {
        if (string.IsNullOrEmpty(presented) || presented.Length > 256)
        {
            return null;
        }

        var digest = Digest(presented);
        lock (_gate)
        {
            string? match = null;
            foreach (var (id, stored) in _digests)
            {
                if (CryptographicOperations.FixedTimeEquals(stored, digest))
                {
                    match = id;
                }
            }

            if (match is null || !_tokens[match].Active)
            {
                return null;
            }

            var used = _tokens[match] with { LastUsedAt = _time.GetUtcNow() };
            _tokens[match] = used;
            return used;
        }
    }

    private void Save() => OwnerJsonFile.Write(Path, _tokens.Values.OrderBy(t => t.CreatedAt));

    private static byte[] Digest(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
