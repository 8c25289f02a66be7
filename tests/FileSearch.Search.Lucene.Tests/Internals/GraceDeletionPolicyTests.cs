using FileSearch.Search.Lucene.Internals;
using FileSearch.Testing;
using FileSearch.Testing.Conformance;
using FileSearch.Testing.Fakes;
using Lucene.Net.Index;
using Lucene.Net.Store;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace FileSearch.Search.Lucene.Tests.Internals;

/// <summary>Superseded commits stay for readers of other processes, then go.</summary>
[Trait("Category", "Integration")]
public sealed class GraceDeletionPolicyTests : IDisposable
{
    private readonly TempDirectory _temp = new("lucene-grace");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Commit_WithinRetention_OlderCommitsStayReadable_AfterRetention_Deleted()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 5, 0, 0, TimeSpan.Zero));
        var dir = _temp.Combine("index");
        var options = new LuceneIndexOptions { IndexDirectory = dir, SupersededCommitRetention = TimeSpan.FromMinutes(1) };
        await using var index = new LuceneSearchIndex(Options.Create(options), new CjkBigramTextAnalysis(), time, NullLogger<LuceneSearchIndex>.Instance);

        await index.IndexAsync(TestDocuments.Create("a.txt", "最初"), CancellationToken.None);
        await index.CommitAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(10));
        await index.IndexAsync(TestDocuments.Create("b.txt", "二番目"), CancellationToken.None);
        await index.CommitAsync(CancellationToken.None);

        // A reader that read the first segments_N just before the second commit can still open every file of it.
        using var directory = FSDirectory.Open(dir);
        var commits = DirectoryReader.ListCommits(directory);
        Assert.Equal(2, commits.Count);
        using (var old = DirectoryReader.Open(commits[0]))
        {
            Assert.Equal(1, old.NumDocs);
        }

        time.Advance(TimeSpan.FromMinutes(2));
        await index.IndexAsync(TestDocuments.Create("c.txt", "三番目"), CancellationToken.None);
        await index.CommitAsync(CancellationToken.None);

        // The first commit was superseded two minutes ago and goes; the second was superseded just now and stays,
        // however long it stood as the current commit (readers were opening it until this moment).
        var left = DirectoryReader.ListCommits(directory);
        Assert.Equal([commits[1].Generation, commits[1].Generation + 1], left.Select(c => c.Generation));
        Assert.Equal(3, await index.CountAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Commit_WallClockSteppedForwardADay_SupersededCommitKeptForItsGracePeriod()
    {
        var time = new SteppedClock(new DateTimeOffset(2026, 12, 6, 5, 0, 0, TimeSpan.Zero));
        var dir = _temp.Combine("index");
        var options = new LuceneIndexOptions { IndexDirectory = dir, SupersededCommitRetention = TimeSpan.FromMinutes(1) };
        await using var index = new LuceneSearchIndex(Options.Create(options), new CjkBigramTextAnalysis(), time, NullLogger<LuceneSearchIndex>.Instance);
        await index.IndexAsync(TestDocuments.Create("a.txt", "最初"), CancellationToken.None);
        await index.CommitAsync(CancellationToken.None);
        await index.IndexAsync(TestDocuments.Create("b.txt", "二番目"), CancellationToken.None);
        await index.CommitAsync(CancellationToken.None);

        time.Step(TimeSpan.FromDays(1));
        await index.IndexAsync(TestDocuments.Create("c.txt", "三番目"), CancellationToken.None);
        await index.CommitAsync(CancellationToken.None);

        using var directory = FSDirectory.Open(dir);
        Assert.Equal(3, DirectoryReader.ListCommits(directory).Count);

        time.Advance(TimeSpan.FromMinutes(2));
        await index.IndexAsync(TestDocuments.Create("d.txt", "四番目"), CancellationToken.None);
        await index.CommitAsync(CancellationToken.None);
        Assert.Equal(2, DirectoryReader.ListCommits(directory).Count);
    }

    [Fact]
    public void Stamp_KeepsOtherUserData()
    {
        var stamped = GraceDeletionPolicy.Stamp(new Dictionary<string, string> { ["filesearch.analysis"] = "mecab/1" }, DateTimeOffset.FromUnixTimeMilliseconds(1234));

        Assert.Equal("mecab/1", stamped["filesearch.analysis"]);
        Assert.Equal("1234", stamped[GraceDeletionPolicy.CommittedAtKey]);
    }
}
