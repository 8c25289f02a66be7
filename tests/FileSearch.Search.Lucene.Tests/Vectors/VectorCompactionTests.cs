using System.Text;
using FileSearch.Core.Domain;
using FileSearch.Search.Lucene.Internals.Vectors;
using FileSearch.Testing;
using static FileSearch.Search.Lucene.Tests.Vectors.SyntheticVectors;

namespace FileSearch.Search.Lucene.Tests.Vectors;

/// <summary>The vector log drops dead records by rewriting itself: new file, fsync, atomic rename.</summary>
[Trait("Category", "Integration")]
public sealed class VectorCompactionTests : IDisposable
{
    private readonly TempDirectory _temp = new("vector-compaction");

    public void Dispose() => _temp.Dispose();

    private string Dir => _temp.Combine("index");

    private string LogPath => Path.Combine(Dir, VectorStore.FileName);

    private static DocumentId Id(int i) => DocumentId.From("b", $"k{i}");

    private VectorStore CreateSut(double deadShare = 0.5, long minBytes = 0) => new(Dir, new VectorCompactionPolicy(deadShare, minBytes));

    /// <summary>Puts 0..count-1, then replaces the first <paramref name="replaced"/> and deletes the next <paramref name="deleted"/>.</summary>
    private static void Churn(VectorStore store, int count, int replaced, int deleted)
    {
        for (var i = 0; i < count; i++)
        {
            store.Put(Id(i), Create(i));
        }

        for (var i = 0; i < replaced; i++)
        {
            store.Put(Id(i), Create(1000 + i));
        }

        for (var i = replaced; i < replaced + deleted; i++)
        {
            store.Delete(Id(i));
        }
    }

    private static void AssertHolds(VectorStore store, int count, int replaced, int deleted, int extra = 0)
    {
        Assert.Equal(count - deleted + extra, store.Count);
        for (var i = 0; i < count; i++)
        {
            var expected = i < replaced ? Create(1000 + i) : i < replaced + deleted ? null : Create(i);
            Assert.Equal(expected is null ? null : VectorStore.Normalise(expected), store.Get(Id(i)));
        }
    }

    [Fact]
    public void Flush_NothingWrittenSinceTheLast_NoSync()
    {
        using var sut = CreateSut();
        sut.Put(Id(1), Create(1));
        sut.Flush();
        sut.Flush();
        sut.Delete(Id(7)); // it has no vector: nothing is written
        sut.Flush();
        Assert.Equal(1, sut.Syncs);

        sut.Delete(Id(1));
        sut.Flush();

        Assert.Equal(2, sut.Syncs);
        using var reopened = CreateSut();
        Assert.Equal(0, reopened.Count);
    }

    [Fact]
    public void Flush_DeadSharePastThreshold_CompactsAndReopenedLogHoldsLiveVectors()
    {
        long before;
        using (var sut = CreateSut())
        {
            Churn(sut, 20, replaced: 10, deleted: 5);
            before = sut.LogBytes;

            Assert.True(sut.Flush());
            Assert.False(sut.Flush());
            Assert.True(sut.LogBytes < before / 2, $"{sut.LogBytes} of {before} bytes");
            Assert.Equal(new FileInfo(LogPath).Length, sut.LogBytes);
            AssertHolds(sut, 20, 10, 5);
        }

        using var reopened = CreateSut();
        AssertHolds(reopened, 20, 10, 5);
        Assert.False(File.Exists(Path.Combine(Dir, VectorStore.CompactionFileName)));
    }

    [Theory]
    [InlineData(0.5, 100_000_000)]
    [InlineData(0.9, 0)]
    public void Flush_UnderMinBytesOrThreshold_LeavesLogAlone(double deadShare, long minBytes)
    {
        using var sut = CreateSut(deadShare, minBytes);
        Churn(sut, 20, replaced: 10, deleted: 0);
        var before = sut.LogBytes;

        Assert.False(sut.Flush());
        Assert.Equal(before, sut.LogBytes);
    }

    [Fact]
    public void Compact_ReaderInAnotherInstance_ReplaysTheNewGeneration()
    {
        using var writer = CreateSut(deadShare: 0.95);
        Churn(writer, 10, replaced: 0, deleted: 0);
        writer.Flush();
        using var reader = CreateSut();
        Assert.Equal(10, reader.Count);

        writer.Delete(Id(0));
        writer.Put(Id(1), Create(500));
        var (before, after) = writer.Compact();
        writer.Put(Id(50), Create(50));
        writer.Flush();

        Assert.True(after < before);
        Assert.Equal(10, reader.Count);
        Assert.Null(reader.Get(Id(0)));
        Assert.Equal(VectorStore.Normalise(Create(500)), reader.Get(Id(1)));
        Assert.Equal(VectorStore.Normalise(Create(50)), reader.Get(Id(50)));
        Assert.Equal(Id(1), reader.Search(Create(500), 1, null)[0].Id);
    }

    [Theory]
    [InlineData("written")]
    [InlineData("renamed")]
    public void Compact_InterruptedAtStep_LogStaysCompleteAndWriterGoesOn(string step)
    {
        using (var sut = CreateSut(deadShare: 0.95))
        {
            Churn(sut, 20, replaced: 10, deleted: 5);
            sut.CompactionHook = s => _ = s == step ? throw new IOException("disk full (simulated) at " + s) : 0;

            Assert.Throws<IOException>(() => sut.Compact());

            Assert.False(File.Exists(Path.Combine(Dir, VectorStore.CompactionFileName)));
            AssertHolds(sut, 20, 10, 5);
            sut.CompactionHook = null;
            sut.Put(Id(100), Create(100));
            sut.Flush();
        }

        using var reopened = CreateSut();
        AssertHolds(reopened, 20, 10, 5, extra: 1);
        Assert.Equal(VectorStore.Normalise(Create(100)), reopened.Get(Id(100)));
    }

    [Fact]
    public void Put_LeftoverCompactionFileFromKilledWriter_DeletedAndLogUsed()
    {
        using (var sut = CreateSut(deadShare: 0.95))
        {
            Churn(sut, 5, replaced: 0, deleted: 0);
        }

        File.WriteAllBytes(Path.Combine(Dir, VectorStore.CompactionFileName), [1, 2, 3]);
        using var reopened = CreateSut(deadShare: 0.95);

        reopened.Put(Id(9), Create(9));

        Assert.False(File.Exists(Path.Combine(Dir, VectorStore.CompactionFileName)));
        Assert.Equal(6, reopened.Count);
    }

    [Fact]
    public void Compact_FirstFormatLog_ReadAndRewrittenWithGeneration()
    {
        Directory.CreateDirectory(Dir);
        var vector = VectorStore.Normalise(Create(7));
        using (var file = File.Create(LogPath))
        {
            file.Write("FSVEC01\n"u8);
            file.WriteByte(1);
            file.Write(Convert.FromHexString(Id(7).Value));
            file.Write(BitConverter.GetBytes(vector.Length));
            foreach (var f in vector)
            {
                file.Write(BitConverter.GetBytes(f));
            }
        }

        using var sut = CreateSut();
        Assert.Equal(vector, sut.Get(Id(7)));
        sut.Compact();

        Assert.Equal("FSVEC02\n", Encoding.ASCII.GetString(File.ReadAllBytes(LogPath), 0, 8));
        using var reopened = CreateSut();
        Assert.Equal(vector, reopened.Get(Id(7)));
    }
}

/// <summary>The index compacts its vector log at commits past the configured dead share, and on demand.</summary>
[Trait("Category", "Integration")]
public sealed class LuceneVectorCompactionTests : IDisposable
{
    private readonly TempDirectory _temp = new("lucene-vector-compaction");

    public void Dispose() => _temp.Dispose();

    private string LogPath => Path.Combine(_temp.Combine("index"), VectorStore.FileName);

    private static async Task WriteAsync(LuceneSearchIndex index, int seedOffset)
    {
        for (var i = 0; i < 10; i++)
        {
            var document = FileSearch.Testing.Conformance.TestDocuments.Create($"p{i}.png", "写真");
            await index.IndexAsync(document with { Vector = FileSearch.Testing.Conformance.TestDocuments.Vector(seedOffset + i) }, CancellationToken.None);
        }

        await index.CommitAsync(CancellationToken.None);
    }

    [Fact]
    public async Task CommitAsync_AllVectorsReplaced_LogCompactedToLiveSizeAndLogged()
    {
        var logger = new ListLogger<LuceneSearchIndex>();
        await using var sut = LuceneTestIndex.Create(_temp.Combine("index"), o => { o.VectorCompactionMinBytes = 0; o.VectorCompactionDeadShare = 0.4; }, logger: logger);
        await WriteAsync(sut, 0);
        var live = new FileInfo(LogPath).Length;

        await WriteAsync(sut, 100);

        Assert.Equal(live, new FileInfo(LogPath).Length);
        Assert.Contains(logger.Entries, e => e.EventId == 5109);
        var nearest = await sut.SearchAsync(new Core.Ports.SearchQuery(string.Empty, Limit: 1) { Vector = FileSearch.Testing.Conformance.TestDocuments.Vector(104) }, CancellationToken.None);
        Assert.Equal("p4.png", Assert.Single(nearest.Hits).Name);
    }

    [Fact]
    public async Task CompactVectorsAsync_OnDemand_ShrinksBelowThresholdAndReportsSizes()
    {
        await using var sut = LuceneTestIndex.Create(_temp.Combine("index"));
        await WriteAsync(sut, 0);
        await WriteAsync(sut, 100);
        var before = new FileInfo(LogPath).Length;

        var result = await sut.CompactVectorsAsync(CancellationToken.None);

        Assert.Equal(new VectorLogCompaction(before, new FileInfo(LogPath).Length, 10), result);
        Assert.True(result.BytesAfter * 2 < result.BytesBefore + 100, $"{result}");
    }
}
