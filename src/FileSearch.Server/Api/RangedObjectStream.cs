using FileSearch.Core.Ports;

namespace FileSearch.Server.Api;

/// <summary>
/// A seekable view of an object whose own stream cannot seek (S3): reads continue the stream already open, a seek
/// elsewhere closes it and the next read opens a ranged read from the new position to the end. Lets the server answer
/// Range requests (ASP.NET seeks to the range's start and copies its length) without reading what comes before.
/// Asynchronous reads only, as Kestrel does them.
/// </summary>
internal sealed class RangedObjectStream(IRangeReadableObjectStore store, string bucket, string key, long length, Stream? opened) : Stream
{
    private Stream? _current = opened;
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        ArgumentOutOfRangeException.ThrowIfNegative(target, nameof(offset));
        if (target != _position)
        {
            _current?.Dispose();
            _current = null;
            _position = target;
        }

        return _position;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_position >= length || buffer.Length == 0)
        {
            return 0;
        }

        _current ??= await store.OpenReadAsync(bucket, key, _position, length - _position, cancellationToken).ConfigureAwait(false);
        var read = await _current.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        _position += read;
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("asynchronous reads only");

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _current?.Dispose();
            _current = null;
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (_current is not null)
        {
            await _current.DisposeAsync().ConfigureAwait(false);
            _current = null;
        }

        await base.DisposeAsync().ConfigureAwait(false);
    }
}
