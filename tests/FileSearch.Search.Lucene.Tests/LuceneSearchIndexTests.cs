using FileSearch.Core.Domain;
using FileSearch.Core.Errors;
using FileSearch.Core.Ports;
using FileSearch.Testing;
using Lucene.Net.Analysis;
using Microsoft.Extensions.Logging;
using static FileSearch.Testing.Conformance.TestDocuments;

namespace FileSearch.Search.Lucene.Tests;

/// <summary>Lifecycle, multi-process and input-validation behaviour of the Lucene index.</summary>
[Trait("Category", "Integration")]
public sealed class LuceneSearchIndexTests : IDisposable
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly TempDirectory _temp = new("lucene-index");

    private string IndexDir => _temp.Combine("index");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task SearchAsync_MissingDirectory_ReturnsEmptyWithoutCreatingIt()
    {
        await using var sut = LuceneTestIndex.Create(IndexDir);

        var results = await sut.SearchAsync(new SearchQuery("anything"), Ct);

        Assert.Equal(0, results.TotalHits);
        Assert.Equal(0, await sut.CountAsync(Ct));
        await sut.CommitAsync(Ct);
        Assert.False(Directory.Exists(IndexDir));
    }

    [Fact]
    public async Task SearchAsync_WithoutSnippets_SameRankingAndFieldsNoSnippets()
    {
        await using var sut = LuceneTestIndex.Create(IndexDir);
        await sut.IndexAllAsync(
            Create("見積書_v1.txt", "見積書 金額は三百万円 納期は六週間") with { Modified = new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero), Size = 120 },
            Create("見積書_v2.txt", "見積書 見積書 金額は三百二十万円"),
            Create("議事録.txt", "会議の記録 見積書の件"));

        var full = await sut.SearchAsync(new SearchQuery("見積書", Limit: 10), Ct);
        var bare = await sut.SearchAsync(new SearchQuery("見積書", Limit: 10) { WithoutSnippets = true }, Ct);

        Assert.Equal(3, bare.TotalHits);
        Assert.Equal(full.Hits.Select(h => (h.Id, h.Name, h.Path, h.Kind, h.Size, h.Modified, h.Score)),
            bare.Hits.Select(h => (h.Id, h.Name, h.Path, h.Kind, h.Size, h.Modified, h.Score)));
        Assert.All(full.Hits, h => Assert.NotEmpty(h.Snippet));
        Assert.All(bare.Hits, h => Assert.Empty(h.Snippet));
    }

    [Fact]
    public async Task SearchAsync_EmptyDirectory_ReturnsEmpty()
    {
        Directory.CreateDirectory(IndexDir);
        await using var sut = LuceneTestIndex.Create(IndexDir);

        Assert.Empty((await sut.SearchAsync(new SearchQuery("x"), Ct)).Hits);
        Assert.Empty(Directory.GetFiles(IndexDir));
    }

    [Fact]
    public async Task SearchAsync_ReaderProcessWhileWriterHoldsLock_SeesCommitsAndNeverLocks()
    {
        await using var writer = LuceneTestIndex.Create(IndexDir);
        await using var reader = LuceneTestIndex.Create(IndexDir);
        await writer.IndexAsync(Create("one.txt", "first commit"), Ct);
        await writer.CommitAsync(Ct);

        Assert.Equal(["one.txt"], await reader.SearchNamesAsync("commit"));

        await writer.IndexAsync(Create("two.txt", "second commit"), Ct);
        Assert.Equal(["one.txt"], await reader.SearchNamesAsync("commit"));
        await writer.CommitAsync(Ct);
        Assert.Equal(["one.txt", "two.txt"], await reader.SearchNamesAsync("commit"));

        // The reader never took write.lock: the writer can be replaced while the reader stays open.
        await writer.DisposeAsync();
        await using var next = LuceneTestIndex.Create(IndexDir);
        await next.IndexAsync(Create("three.txt", "third commit"), Ct);
        await next.CommitAsync(Ct);
        Assert.Equal(3, await reader.CountAsync(Ct));
    }

    [Fact]
    public async Task IndexAsync_AnotherLiveWriter_FailsRetryableWithinTimeout()
    {
        await using var first = LuceneTestIndex.Create(IndexDir);
        await first.IndexAsync(Create("a.txt", "a"), Ct);
        await using var second = LuceneTestIndex.Create(IndexDir, o => o.WriteLockTimeout = TimeSpan.FromMilliseconds(200));

        var started = TimeProvider.System.GetTimestamp();
        var error = await Assert.ThrowsAsync<IndexWriterBusyException>(() => second.IndexAsync(Create("b.txt", "b"), Ct));

        Assert.Equal(FailureKind.Retryable, error.Kind);
        Assert.Equal("index-locked", error.Code);
        Assert.Contains(Path.GetFullPath(IndexDir), error.Message, StringComparison.Ordinal);
        Assert.True(TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task DisposeAsync_UncommittedWrites_AreCommitted()
    {
        var sut = LuceneTestIndex.Create(IndexDir);
        await sut.IndexAsync(Create("a.txt", "kept on close"), Ct);
        await sut.DisposeAsync();
        await sut.DisposeAsync();

        await using var reopened = LuceneTestIndex.Create(IndexDir);
        Assert.Equal(["a.txt"], await reopened.SearchNamesAsync("close"));
    }

    [Fact]
    public async Task Dispose_UncommittedWrites_AreCommittedAndLaterCallsThrow()
    {
        var sut = LuceneTestIndex.Create(IndexDir);
        await sut.IndexAsync(Create("a.txt", "kept on dispose"), Ct);
        sut.Dispose();
        sut.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => sut.SearchAsync(new SearchQuery("x"), Ct));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => sut.IndexAsync(Create("b.txt", "b"), Ct));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => sut.CommitAsync(Ct));
        await using var reopened = LuceneTestIndex.Create(IndexDir);
        Assert.Equal(1, await reopened.CountAsync(Ct));
    }

    [Fact]
    public async Task Calls_CancelledToken_DoNotRun()
    {
        await using var sut = LuceneTestIndex.Create(IndexDir);
        var cancelled = new CancellationToken(canceled: true);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sut.IndexAsync(Create("a.txt", "a"), cancelled));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sut.DeleteAsync(IdOf("a.txt"), cancelled));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sut.SearchAsync(new SearchQuery("a"), cancelled));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sut.CountAsync(cancelled));
        Assert.False(Directory.Exists(IndexDir));
    }

    [Theory]
    [InlineData(-1, 10)]
    [InlineData(0, -1)]
    [InlineData(9_995, 10)]
    public async Task SearchAsync_BadPaging_Throws(int offset, int limit)
    {
        await using var sut = LuceneTestIndex.Create(IndexDir);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => sut.SearchAsync(new SearchQuery("x", Limit: limit, Offset: offset), Ct));
    }

    [Fact]
    public async Task SearchAsync_OffsetPastAllDocuments_ReturnsTotalOnly()
    {
        await using var sut = LuceneTestIndex.Create(IndexDir);
        await sut.IndexAsync(Create("a.txt", "word"), Ct);
        await sut.CommitAsync(Ct);

        var results = await sut.SearchAsync(new SearchQuery("word", Offset: 50), Ct);

        Assert.Equal(1, results.TotalHits);
        Assert.Empty(results.Hits);
    }

    [Fact]
    public async Task IndexAsync_HostileValues_AreIndexed()
    {
        await using var sut = LuceneTestIndex.Create(IndexDir);
        var longPath = new string('深', 12_000);
        var document = Create("odd.txt", "bad\uD800surrogate \0 nul " + new string('x', 5000) + " tail") with { Path = longPath, Name = "名前\uDC00.txt" };

        await sut.IndexAsync(document, Ct);
        await sut.CommitAsync(Ct);

        var hit = Assert.Single((await sut.SearchAsync(new SearchQuery("tail"), Ct)).Hits);
        Assert.Equal(longPath, hit.Path);
        Assert.Null(hit.Modified);
    }

    [Fact]
    public async Task IndexAsync_IndexBuiltWithOtherAnalysis_LogsWarning()
    {
        await using (var other = LuceneTestIndex.Create(IndexDir, analysis: new RenamedAnalysis()))
        {
            await other.IndexAsync(Create("a.txt", "a"), Ct);
        }

        var logger = new ListLogger<LuceneSearchIndex>();
        await using var sut = LuceneTestIndex.Create(IndexDir, logger: logger);
        await sut.IndexAsync(Create("b.txt", "b"), Ct);

        Assert.Contains(logger.Entries, e => e.EventId == 5101 && e.Level == LogLevel.Warning && e.Message.Contains("other/7", StringComparison.Ordinal));
    }

    [Fact]
    public void Constructor_NoDirectory_Throws()
    {
        Assert.Throws<ArgumentException>(() => LuceneTestIndex.Create(" "));
    }

    private sealed class RenamedAnalysis : ITextAnalysis
    {
        private readonly CjkBigramTextAnalysis _inner = new();

        public string Name => "other";

        public int Version => 7;

        public Analyzer CreateAnalyzer(AnalysisPurpose purpose) => _inner.CreateAnalyzer(purpose);

        public string NormalizeQuery(string text) => text;
    }
}
