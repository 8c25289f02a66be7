namespace FileSearch.Extraction.Internals;

/// <summary>
/// A write-only stream that passes at most a limit of bytes on to the inner stream and counts the rest without writing
/// it: a writer that cannot be stopped midway (MimeKit's decoder) then leaves at most the limit on disk, and
/// <see cref="Written"/> past the limit says the member was too large.
/// </summary>
internal sealed class LimitedWriteStream(Stream inner, long limit) : Stream
{
    /// <summary>Bytes offered so far, including those past the limit.</summary>
    public long Written { get; private set; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => Written;

    public override long Position
    {
        get => Written;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        var room = (int)Math.Clamp(limit - Written, 0, buffer.Length);
        if (room > 0)
        {
            inner.Write(buffer[..room]);
        }

        Written += buffer.Length;
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var room = (int)Math.Clamp(limit - Written, 0, buffer.Length);
        if (room > 0)
        {
            await inner.WriteAsync(buffer[..room], cancellationToken).ConfigureAwait(false);
        }

        Written += buffer.Length;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
