using System.Buffers;

namespace ComputeUtility.Server.Http;

/// <summary>
/// Reads a whole body with a cap that applies while the bytes arrive: a longer body is refused as
/// soon as it passes the cap, never read to its end. One pooled buffer per read, small: every message posted
/// over HTTP comes through here, and the shared pool keeps what a burst of concurrent reads gave back.
/// </summary>
internal static class CappedReader
{
    /// <summary>Kestrel hands a body over in 4 KiB blocks; more per read saves little.</summary>
    private const int ChunkBytes = 16 * 1024;

    /// <param name="declared">The length the sender announced, if any: refused at once when over the cap, and the initial size.</param>
    /// <param name="tooLarge">The error to throw when the cap is passed.</param>
    public static async Task<byte[]> ReadAsync(Stream body, long? declared, long cap, Func<Exception> tooLarge,
        CancellationToken cancellationToken)
    {
        if (declared > cap)
        {
            throw tooLarge();
        }

        using var buffer = new MemoryStream((int)Math.Min(declared ?? ChunkBytes, cap));
        var chunk = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            int read;
            while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > cap)
                {
                    throw tooLarge();
                }

                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        // When the announced length was right the buffer is exactly full: hand it over without a copy.
        return buffer.Length == buffer.Capacity ? buffer.GetBuffer() : buffer.ToArray();
    }
}
