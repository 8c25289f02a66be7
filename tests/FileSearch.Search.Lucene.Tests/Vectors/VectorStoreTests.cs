using FileSearch.Core.Domain;
using FileSearch.Core.Errors;
using FileSearch.Search.Lucene.Internals.Vectors;
using FileSearch.Testing;
using static FileSearch.Search.Lucene.Tests.Vectors.SyntheticVectors;

namespace FileSearch.Search.Lucene.Tests.Vectors;

[Trait("Category", "Integration")]
public sealed class VectorStoreTests : IDisposable
{
    private readonly TempDirectory _temp = new("vectors");

    public void Dispose() => _temp.Dispose();

    private static DocumentId Id(int i) => DocumentId.From("b", $"k{i}");

    private VectorStore CreateSut() => new(_temp.Combine("index"));

    [Fact]
    public void Put_ThenSearch_NearestFirstWithCosineScores()
    {
        using var sut = CreateSut();
        sut.Put(Id(0), Axis(0));
        sut.Put(Id(1), Axis(1));
        sut.Put(Id(2), Axis(0, tilt: 0.5f));

        var hits = sut.Search(Axis(0), 2, null);

        Assert.Equal([Id(0), Id(2)], hits.Select(h => h.Id));
        Assert.Equal(1f, hits[0].Score, 0.0001f);
        Assert.Equal(1 / MathF.Sqrt(1.25f), hits[1].Score, 0.0001f);
    }

    [Fact]
    public void Put_SameIdTwice_ReplacesAndDeleteRemoves()
    {
        using var sut = CreateSut();
        sut.Put(Id(0), Axis(0));
        sut.Put(Id(0), Axis(3));
        sut.Put(Id(1), Axis(1));
        sut.Delete(Id(1));
        sut.Delete(Id(9));

        Assert.Equal(1, sut.Count);
        Assert.Equal(Axis(3), sut.Get(Id(0)));
        Assert.Null(sut.Get(Id(1)));
        Assert.Equal(Id(0), Assert.Single(sut.Search(Axis(3), 5, null)).Id);
    }

    [Fact]
    public void Reopen_AfterFlush_ReplaysPutsAndDeletes()
    {
        using (var writer = CreateSut())
        {
            for (var i = 0; i < 20; i++)
            {
                writer.Put(Id(i), Create(i));
            }

            writer.Delete(Id(3));
            writer.Put(Id(4), Axis(2));
            writer.Flush();
        }

        using var reader = CreateSut();

        Assert.Equal(19, reader.Count);
        Assert.Null(reader.Get(Id(3)));
        Assert.Equal(Axis(2), reader.Get(Id(4)));
    }

    [Fact]
    public void Reader_WriterAppendsLater_SeesNewRecords()
    {
        using var writer = CreateSut();
        writer.Put(Id(0), Axis(0));
        writer.Flush();
        using var reader = CreateSut();
        Assert.Equal(1, reader.Count);

        writer.Put(Id(1), Axis(1));
        writer.Flush();

        Assert.Equal(2, reader.Count);
        Assert.Equal(Id(1), reader.Search(Axis(1), 1, null)[0].Id);
    }

    [Fact]
    public void Open_TornRecordAtEnd_IgnoredByReaderAndCutByWriter()
    {
        using (var writer = CreateSut())
        {
            writer.Put(Id(0), Axis(0));
            writer.Flush();
        }

        var path = Path.Combine(_temp.Combine("index"), VectorStore.FileName);
        using (var stream = new FileStream(path, FileMode.Append))
        {
            stream.Write([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 8, 0, 0, 0, 1, 2]);
        }

        using var again = CreateSut();
        Assert.Equal(1, again.Count);
        again.Put(Id(1), Axis(1));
        again.Flush();
        again.Dispose();
        using var reader = CreateSut();
        Assert.Equal(2, reader.Count);
    }

    [Fact]
    public void Put_OtherDimension_ReplacesEarlierVectorsInWriterAndReplay()
    {
        using (var sut = CreateSut())
        {
            sut.Put(Id(0), Axis(0, dimension: 8));
            sut.Put(Id(1), Axis(1, dimension: 8));

            sut.Put(Id(2), Axis(0, dimension: 4));

            Assert.Equal(1, sut.Count);
            Assert.Equal(4, sut.Dimension);
            Assert.Null(sut.Get(Id(0)));
            var ex = Assert.Throws<ProcessingException>(() => sut.Search(Axis(0, dimension: 8), 1, null));
            Assert.Equal(FailureKind.Permanent, ex.Kind);
            Assert.Contains("backfill vectors", ex.Message, StringComparison.Ordinal);
            sut.Flush();
        }

        using var reopened = CreateSut();
        Assert.Equal([Id(2)], reopened.Search(Axis(0, dimension: 4), 5, null).Select(h => h.Id));
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(float.NaN)]
    public void Put_ZeroOrNaNVector_FailsPermanently(float value)
    {
        using var sut = CreateSut();

        var ex = Assert.Throws<ProcessingException>(() => sut.Put(Id(0), [value, value]));
        Assert.Equal(FailureKind.Permanent, ex.Kind);
    }

    [Fact]
    public void Open_NotAVectorLog_FailsWithReindexHint()
    {
        Directory.CreateDirectory(_temp.Combine("index"));
        File.WriteAllText(Path.Combine(_temp.Combine("index"), VectorStore.FileName), "something else entirely");
        using var sut = CreateSut();

        var ex = Assert.Throws<ProcessingException>(() => sut.Count);
        Assert.Contains("reindex --all", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Search_ManyRowsWithFilter_MatchesNaiveScan()
    {
        using var sut = CreateSut();
        var vectors = Enumerable.Range(0, 10_000).Select(i => Create(i, 16)).ToList();
        for (var i = 0; i < vectors.Count; i++)
        {
            sut.Put(Id(i), vectors[i]);
        }

        var query = VectorStore.Normalise(Create(-1, 16));
        var evens = Enumerable.Range(0, vectors.Count).Where(i => i % 2 == 0).Select(Id).ToHashSet();
        var expected = Enumerable.Range(0, vectors.Count).Where(i => i % 2 == 0)
            .Select(i => (Id: Id(i), Score: Dot(query, VectorStore.Normalise(vectors[i]))))
            .OrderByDescending(x => x.Score).Take(10).Select(x => x.Id).ToList();

        var actual = sut.Search(query, 10, evens.Contains);

        Assert.Equal(expected, actual.Select(a => a.Id));
        Assert.Equal(5000, sut.CountWhere(evens.Contains));
    }

    private static float Dot(float[] a, float[] b)
    {
        var sum = 0f;
        for (var i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }
}
