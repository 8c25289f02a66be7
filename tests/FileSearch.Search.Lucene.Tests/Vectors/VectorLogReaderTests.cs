using FileSearch.Core.Domain;
using FileSearch.Search.Lucene.Internals.Vectors;
using FileSearch.Testing;
using static FileSearch.Search.Lucene.Tests.Vectors.SyntheticVectors;

namespace FileSearch.Search.Lucene.Tests.Vectors;

/// <summary>
/// A store reading the log another store writes: it must only ever hold offsets of complete records of the very file it
/// reads, whatever the writers did (killed in a record, cut off by the next writer, the log created anew at its path).
/// </summary>
[Trait("Category", "Integration")]
public sealed class VectorLogReaderTests : IDisposable
{
    private const int Dimension = 8;
    private const int PutBytes = 1 + 16 + 4 + (Dimension * 4);

    private readonly TempDirectory _temp = new("vector-log-reader");

    public void Dispose() => _temp.Dispose();

    private string Dir => _temp.Combine("index");

    private string LogPath => Path.Combine(Dir, VectorStore.FileName);

    private static DocumentId Id(string name) => DocumentId.From("b", name);

    private VectorStore CreateSut() => new(Dir);

    /// <summary>Appends the first <paramref name="bytes"/> bytes of a record, as a writer killed while writing it leaves them.</summary>
    private void AppendTorn(byte[] record, int bytes)
    {
        using var log = new FileStream(LogPath, FileMode.Append, FileAccess.Write);
        log.Write(record, 0, bytes);
    }

    private static byte[] PutRecord(DocumentId id, float[] vector)
    {
        var record = new byte[PutBytes];
        record[0] = 1;
        Convert.FromHexString(id.Value).CopyTo(record, 1);
        BitConverter.TryWriteBytes(record.AsSpan(17), vector.Length);
        System.Runtime.InteropServices.MemoryMarshal.AsBytes(VectorStore.Normalise(vector).AsSpan()).CopyTo(record.AsSpan(21));
        return record;
    }

    private static byte[] DeleteRecord(DocumentId id)
    {
        var record = new byte[17];
        record[0] = 2;
        Convert.FromHexString(id.Value).CopyTo(record, 1);
        return record;
    }

    [Fact]
    public void Reader_WriterCutTornRecordAndWroteAnother_ReaderSeesTheNewRecordOnly()
    {
        using (var first = CreateSut())
        {
            first.Put(Id("写真A.jpg"), Create(1));
            first.Flush();
        }

        AppendTorn(PutRecord(Id("途中T.jpg"), Create(2)), 30);
        using var reader = CreateSut();
        Assert.Equal(1, reader.Count); // has seen the torn bytes, and left them

        using (var second = CreateSut())
        {
            second.Put(Id("写真B.jpg"), Create(3)); // written where the torn record was
            second.Flush();
        }

        Assert.Equal(2, reader.Count);
        Assert.Equal(VectorStore.Normalise(Create(3)), reader.Get(Id("写真B.jpg")));
        Assert.Null(reader.Get(Id("途中T.jpg")));
    }

    /// <summary>
    /// Two writers killed in a row under a reader: the reader must not take the first one's torn bytes (still in a read
    /// buffer) for a record and hold an offset that the third writer, cutting the second one's torn record, leaves
    /// behind the end of the log ("ends inside a vector that was read before" on a log that is perfectly correct).
    /// </summary>
    [Fact]
    public void Reader_TwoWritersKilledInRecords_NeverHoldsOffsetsPastTheEnd()
    {
        using (var first = CreateSut())
        {
            first.Put(Id("写真A.jpg"), Create(1));
            first.Put(Id("写真C.jpg"), Create(4));
            first.Flush();
        }

        AppendTorn(PutRecord(Id("途中T.jpg"), Create(2)), 30); // first writer killed
        using var reader = CreateSut();
        Assert.Equal(2, reader.Count);

        // The second writer cuts that record, deletes one vector, and is killed while writing the next put.
        using (var second = CreateSut())
        {
            second.Put(Id("写真D.jpg"), Create(5));
        }

        var cut = new FileInfo(LogPath).Length - PutBytes;
        using (var log = new FileStream(LogPath, FileMode.Open, FileAccess.Write))
        {
            log.SetLength(cut); // (its put never reached the file: only what follows did)
        }

        AppendTorn(DeleteRecord(Id("写真C.jpg")), 17);
        AppendTorn(PutRecord(Id("途中P.jpg"), Create(6)), PutBytes - 4);
        _ = reader.Count; // the reader looks while the log ends in the torn put

        using var third = CreateSut();
        third.Delete(Id("写真A.jpg")); // opening cut the torn put; the delete takes its place

        Assert.Null(reader.Get(Id("途中T.jpg")));
        Assert.Equal(0, reader.Count);
        third.Put(Id("写真E.jpg"), Create(7));
        third.Flush();
        Assert.Equal(1, reader.Count);
        Assert.Equal(VectorStore.Normalise(Create(7)), reader.Get(Id("写真E.jpg")));
        Assert.Equal(Id("写真E.jpg"), Assert.Single(reader.Search(Create(9), 10, null)).Id);
    }

    [Fact]
    public void Reader_LogCreatedAnewAtItsPath_ReplaysTheNewLog()
    {
        using (var first = CreateSut())
        {
            first.Put(Id("旧1.jpg"), Create(1));
            first.Put(Id("旧2.jpg"), Create(2));
            first.Flush();
        }

        using var reader = CreateSut();
        Assert.Equal(2, reader.Count);

        // A reset index: the folder moved aside whole, a new log started at the same path.
        Directory.Move(Dir, Dir + ".damaged");
        using (var fresh = CreateSut())
        {
            fresh.Put(Id("新.jpg"), Create(3));
            fresh.Flush();
        }

        Assert.Equal(1, reader.Count);
        Assert.Equal(VectorStore.Normalise(Create(3)), reader.Get(Id("新.jpg")));
        Assert.Null(reader.Get(Id("旧1.jpg")));
    }

    [Fact]
    public void Put_AfterDispose_RefusedInsteadOfReopeningAWriter()
    {
        var sut = CreateSut();
        sut.Put(Id("写真A.jpg"), Create(1));
        sut.Dispose();
        var length = new FileInfo(LogPath).Length;

        Assert.Throws<ObjectDisposedException>(() => sut.Put(Id("写真B.jpg"), Create(2)));
        Assert.Throws<ObjectDisposedException>(() => sut.Delete(Id("写真A.jpg")));
        Assert.Throws<ObjectDisposedException>(() => sut.Search(Create(3), 1, null));
        sut.Dispose();

        Assert.Equal(length, new FileInfo(LogPath).Length);
    }
}
