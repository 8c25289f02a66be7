namespace FileSearch.Extraction.Internals;

/// <summary>Reads at most a limit of a file's bytes (<see cref="ExtractionOptions.MaxTextBytes"/>).</summary>
internal static class BoundedFile
{
    /// <summary>The first <paramref name="maxBytes"/> bytes, and whether the file is longer.</summary>
    public static async Task<(byte[] Bytes, bool Truncated)> ReadAsync(string filePath, int maxBytes, CancellationToken cancellationToken)
    {
        var stream = new FileStream(filePath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.Asynchronous);
        await using (stream.ConfigureAwait(false))
        {
            var length = stream.Length;
            var buffer = new byte[(int)Math.Min(length, maxBytes)];
            var read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            return (read == buffer.Length ? buffer : buffer[..read], length > read);
        }
    }
}
