using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using FileSearch.Testing;
using static FileSearch.Testing.Conformance.TestDocuments;

namespace FileSearch.Search.Lucene.Tests;

/// <summary>
/// Lucene's conditional writes beyond the conformance cases: the version ledger is emptied once searchers see a commit
/// (the comparison then reads the committed entry), and concurrent writers of many versions leave the newest.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ConditionalWriteTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _temp = new("lucene-conditional");

    private static CancellationToken Ct => CancellationToken.None;

    public void Dispose() => _temp.Dispose();

    private static IndexDocument Version(string key, int minute) =>
        Create(key, $"版{minute:D4}") with { Version = new DocumentVersion(null, Start.AddMinutes(minute)) };

    [Fact]
    public async Task IndexAsync_AfterLedgerWasEmptied_ComparesWithCommittedEntry()
    {
        await using var sut = LuceneTestIndex.Create(_temp.Combine("index"));
        const int Documents = 4200;
        for (var i = 0; i < Documents; i++)
        {
            await sut.IndexAsync(Version($"文書{i:D4}.txt", 100), Ct);
        }

        await sut.CommitAsync(Ct);
        Assert.Equal(0, sut.LedgerCount);

        await sut.IndexAsync(Version("文書0007.txt", 50), Ct);
        await sut.CommitAsync(Ct);

        var hits = await sut.SearchAsync(new SearchQuery("版0100") { Limit = 1 }, Ct);
        Assert.Equal(Documents, hits.TotalHits);
        Assert.Equal(0, (await sut.SearchAsync(new SearchQuery("版0050"), Ct)).TotalHits);
    }

    [Fact]
    public async Task IndexAsync_ConcurrentWritersOfShuffledVersions_NewestWins()
    {
        await using var sut = LuceneTestIndex.Create(_temp.Combine("index"));
        var random = new Random(20261206);
        for (var round = 0; round < 20; round++)
        {
            var key = $"競合{round:D2}.txt";
            var minutes = Enumerable.Range(1, 24).OrderBy(_ => random.Next()).ToArray();
            await Task.WhenAll(minutes.Select(m => Task.Run(async () =>
            {
                await sut.IndexAsync(Version(key, m), Ct);
                await sut.CommitAsync(Ct);
            })));

            var newest = await sut.SearchAsync(new SearchQuery("版0024") { Limit = 100 }, Ct);
            Assert.Contains(newest.Hits, h => h.Id == IdOf(key));
            foreach (var older in minutes.Where(m => m < 24).Take(3))
            {
                var stale = await sut.SearchAsync(new SearchQuery($"版{older:D4}") { Limit = 100 }, Ct);
                Assert.DoesNotContain(stale.Hits, h => h.Id == IdOf(key));
            }
        }
    }
}
