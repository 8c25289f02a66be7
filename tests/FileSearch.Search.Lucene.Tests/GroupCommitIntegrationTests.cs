using FileSearch.Core.Domain;
using FileSearch.Testing;
using Lucene.Net.Index;
using Lucene.Net.Store;
using static FileSearch.Testing.Conformance.TestDocuments;

namespace FileSearch.Search.Lucene.Tests;

/// <summary>CommitAsync is a group commit: concurrent callers share Lucene commits, and each one's write is durable on return.</summary>
[Trait("Category", "Integration")]
public sealed class GroupCommitIntegrationTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly TempDirectory _temp = new("lucene-group");

    private string IndexDir => _temp.Combine("index");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task CommitAsync_ConcurrentCallersAfterWrites_ShareOneCommit()
    {
        await using var sut = LuceneTestIndex.Create(IndexDir);
        for (var i = 0; i < 30; i++)
        {
            await sut.IndexAsync(Create($"doc{i}.txt", "text"), CancellationToken.None);
        }

        await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => sut.CommitAsync(CancellationToken.None))).WaitAsync(Timeout);

        Assert.Equal(1, sut.CommitCount);
        Assert.Equal(30, await sut.CountAsync(CancellationToken.None));
    }

    [Fact]
    public async Task CommitAsync_ManyConcurrentIndexThenCommit_EachWriteDurableOnReturn()
    {
        const int Writers = 64;
        var notDurable = 0;
        await using (var sut = LuceneTestIndex.Create(IndexDir))
        {
            using var directory = FSDirectory.Open(IndexDir);
            await Task.WhenAll(Enumerable.Range(0, Writers).Select(i => Task.Run(async () =>
            {
                var key = $"doc{i}.txt";
                await sut.IndexAsync(Create(key, $"concurrent document {i}"), CancellationToken.None);
                await sut.CommitAsync(CancellationToken.None);

                // What the queue would acknowledge now must already be in the last commit on disk.
                using var reader = DirectoryReader.Open(directory);
                if (reader.DocFreq(new Term("id", IdOf(key).Value)) != 1)
                {
                    Interlocked.Increment(ref notDurable);
                }
            }))).WaitAsync(Timeout);

            Assert.Equal(0, notDurable);
            Assert.InRange(sut.CommitCount, 1, Writers);
        }

        await using var reopened = LuceneTestIndex.Create(IndexDir);
        Assert.Equal(Writers, await reopened.CountAsync(CancellationToken.None));
        var all = await reopened.SearchAsync(new Core.Ports.SearchQuery("concurrent", Limit: 100), CancellationToken.None);
        Assert.Equal(Writers, all.TotalHits);
    }

    [Fact]
    public async Task IndexAndCommit_SeveralThousandSmallDocuments_IsFast()
    {
        // Guards against FSDirectory fsync-per-flush slowness on recent runtimes (apache/lucenenet#933).
        const int Documents = 3000;
        await using var sut = LuceneTestIndex.Create(IndexDir);
        var started = TimeProvider.System.GetTimestamp();

        for (var i = 0; i < Documents; i++)
        {
            await sut.IndexAsync(Create($"bulk/{i}.txt", $"営業報告書 number {i} with some English words about quarterly revenue"), CancellationToken.None);
        }

        await sut.CommitAsync(CancellationToken.None);
        var bulk = TimeProvider.System.GetElapsedTime(started);

        started = TimeProvider.System.GetTimestamp();
        for (var i = 0; i < 100; i++)
        {
            await sut.IndexAsync(Create($"single/{i}.txt", $"committed one by one {i}"), CancellationToken.None);
            await sut.CommitAsync(CancellationToken.None);
        }

        var perDocument = TimeProvider.System.GetElapsedTime(started);

        Assert.Equal(Documents + 100, await sut.CountAsync(CancellationToken.None));
        Assert.True(bulk < TimeSpan.FromSeconds(30), $"indexing {Documents} documents took {bulk}");
        Assert.True(perDocument < TimeSpan.FromSeconds(30), $"100 index+commit took {perDocument}");
        Console.WriteLine($"bulk {Documents}: {bulk.TotalMilliseconds:F0} ms; 100 commits: {perDocument.TotalMilliseconds:F0} ms");
    }
}
