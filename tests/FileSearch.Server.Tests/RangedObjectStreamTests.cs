using FileSearch.Core.Ports;
using FileSearch.Server.Api;

namespace FileSearch.Server.Tests;

/// <summary>The seekable view the server puts over S3's non-seekable streams for Range requests.</summary>
[Trait("Category", "Unit")]
public sealed class RangedObjectStreamTests
{
    private static readonly byte[] Content = [.. Enumerable.Range(0, 1000).Select(i => (byte)(i % 251))];

    [Fact]
    public async Task Read_FromTheStart_ContinuesTheOpenedStreamWithoutRangedReads()
    {
        var store = new RangedStore();
        await using var stream = new RangedObjectStream(store, "b", "k", Content.Length, new OneWayStream(Content));

        var copy = new MemoryStream();
        await stream.CopyToAsync(copy);

        Assert.Equal(Content, copy.ToArray());
        Assert.Empty(store.Opened);
    }

    [Fact]
    public async Task Seek_ToARange_ReadsOnlyFromThere()
    {
        var store = new RangedStore();
        await using var stream = new RangedObjectStream(store, "b", "k", Content.Length, new OneWayStream(Content));

        stream.Seek(900, SeekOrigin.Begin);
        var buffer = new byte[100];
        await stream.ReadExactlyAsync(buffer);
        var atEnd = await stream.ReadAsync(new byte[10]);
        stream.Seek(-10, SeekOrigin.End);
        var tail = new byte[10];
        await stream.ReadExactlyAsync(tail);

        Assert.Equal(Content[900..], buffer);
        Assert.Equal(0, atEnd);
        Assert.Equal(Content[^10..], tail);
        Assert.Equal([(900L, 100L), (990L, 10L)], store.Opened);
        Assert.Equal((1000L, 1000L, true), (stream.Position, stream.Length, stream.CanSeek));
    }

    private sealed class RangedStore : IRangeReadableObjectStore
    {
        public List<(long Offset, long Length)> Opened { get; } = [];

        public Task<Stream> OpenReadAsync(string bucket, string key, long offset, long length, CancellationToken cancellationToken)
        {
            Opened.Add((offset, length));
            return Task.FromResult<Stream>(new OneWayStream(Content[(int)offset..(int)Math.Min(Content.Length, offset + length)]));
        }
    }

    /// <summary>A stream that reads forward only, as an HTTP response body.</summary>
    private sealed class OneWayStream(byte[] data) : MemoryStream(data, writable: false)
    {
        public override bool CanSeek => false;

        public override long Seek(long offset, SeekOrigin loc) => throw new NotSupportedException();
    }
}
