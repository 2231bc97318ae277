using System.Security.Cryptography;
using ComputeUtility.Server.Http;
using ComputeUtility.Server.Logging;
using ComputeUtility.Server.Storage;

namespace ComputeUtility.Server.Packages;

/// <summary>
/// Content-addressed store on disk: a blob's name is its digest, and its digest is checked
/// again on every read, so a corrupted or tampered file is dropped and fetched anew. Blobs are kept per page origin
/// (<see cref="Http.PagePartition"/>): the same bytes fetched for two origins are two files.
/// </summary>
internal sealed partial class BlobCache(CacheDirectory root, ILogger<BlobCache> logger)
{
    private readonly string _dir = root.Sub("blobs");

    public byte[]? TryRead(string partition, SriDigest digest)
    {
        var path = Path.Combine(_dir, Http.PagePartition.Key(partition, digest.CacheKey));
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        using var hash = IncrementalHash.CreateHash(digest.Algorithm);
        hash.AppendData(bytes);
        if (digest.Matches(hash.GetHashAndReset()))
        {
            return bytes;
        }

        LogCorrupt(logger, digest.CacheKey);
        TryDelete(path);
        return null;
    }

    public void Write(string partition, SriDigest digest, ReadOnlySpan<byte> content)
    {
        var path = Path.Combine(_dir, Http.PagePartition.Key(partition, digest.CacheKey));
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                file.Write(content);
            }

            File.Move(temp, path, overwrite: true);
        }
        catch (IOException ex)
        {
            // The cache is an optimisation: a full disk must not fail the request.
            LogWriteFailed(logger, ex, digest.CacheKey);
            TryDelete(temp);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
    }

    [LoggerMessage(EventId = LogEvents.BlobCorrupt, Level = LogLevel.Warning, Message = "Cached blob {Key} did not match its digest; dropped it")]
    private static partial void LogCorrupt(ILogger logger, string key);

    [LoggerMessage(EventId = LogEvents.BlobWriteFailed, Level = LogLevel.Warning, Message = "Could not write blob {Key} to the cache")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, string key);
}
