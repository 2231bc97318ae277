using System.Buffers;

namespace ComputeUtility.Server.Http;

/// <summary>
/// Reads a whole body with a cap that applies while the bytes arrive: a longer body is refused as
/// soon as it passes the cap, never read to its end. One pooled buffer per read.
/// </summary>
internal static class CappedReader
{
    /// <param name="declared">The length the sender announced, if any: refused at once when over the cap, and the initial size.</param>
    /// <param name="tooLarge">The error to throw when the cap is passed.</param>
    public static async Task<byte[]> ReadAsync(Stream body, long? declared, long cap, Func<Exception> tooLarge,
        CancellationToken cancellationToken)
    {
        if (declared > cap)
        {
            throw tooLarge();
        }

        using var buffer = new MemoryStream((int)Math.Min(declared ?? 64 * 1024, cap));
        var chunk = ArrayPool<byte>.Shared.Rent(64 * 1024);
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
