using FileSearch.Core.Ports;
using FileSearch.Testing;
using FileSearch.Testing.Conformance;

namespace FileSearch.Search.Lucene.Tests;

/// <summary>A writer process killed with kill -9 leaves write.lock behind; the next writer must not be blocked.</summary>
[Trait("Category", "Integration")]
public sealed class CrashRecoveryTests : IDisposable
{
    private readonly TempDirectory _temp = new("lucene-crash");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task KilledWriterProcess_LeftoverLock_NextWriterProceedsAndCommittedDataSurvives()
    {
        var indexDir = _temp.Combine("index");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        using (var child = CrashHelperProcess.Start(indexDir))
        {
            try
            {
                var line = await child.StandardOutput.ReadLineAsync(timeout.Token);
                Assert.Equal("ready", line);
                Assert.True(File.Exists(Path.Combine(indexDir, "write.lock")));
            }
            finally
            {
                child.Kill(entireProcessTree: true);
                await child.WaitForExitAsync(timeout.Token);
            }
        }

        Assert.True(File.Exists(Path.Combine(indexDir, "write.lock")), "the killed process should leave its lock file");
        await using var sut = LuceneTestIndex.Create(indexDir, o => o.WriteLockTimeout = TimeSpan.FromSeconds(2));

        await sut.IndexAsync(FileSearch.Testing.Conformance.TestDocuments.Create("after.txt", "written after the restart"), timeout.Token);
        await sut.CommitAsync(timeout.Token);

        Assert.Equal(["committed.txt"], await sut.SearchNamesAsync("survives"));
        Assert.Empty(await sut.SearchNamesAsync("never"));
        Assert.Equal(["after.txt"], await sut.SearchNamesAsync("restart"));
    }

    [Theory]
    [InlineData("written")]
    [InlineData("renamed")]
    public async Task KilledDuringVectorCompaction_Reopened_EveryLiveVectorAndNoLeftover(string step)
    {
        var indexDir = _temp.Combine("index");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        using (var child = CrashHelperProcess.Start(indexDir, "compact", step))
        {
            try
            {
                var line = await child.StandardOutput.ReadLineAsync(timeout.Token);
                Assert.Equal("ready", line);
            }
            finally
            {
                child.Kill(entireProcessTree: true);
                await child.WaitForExitAsync(timeout.Token);
            }
        }

        var leftover = Path.Combine(indexDir, FileSearch.Search.Lucene.Internals.Vectors.VectorStore.CompactionFileName);
        Assert.Equal(step == "written", File.Exists(leftover));
        await using var sut = LuceneTestIndex.Create(indexDir);

        // The helper replaced doc0..19's vectors (seeds 100+), deleted doc20..29 and kept doc30..39 (seeds 30..39).
        var all = await sut.SearchAsync(new SearchQuery(string.Empty, Limit: 50) { Vector = TestDocuments.Vector(0) }, timeout.Token);
        Assert.Equal(30, all.TotalHits);
        foreach (var (doc, seed) in new[] { (0, 100), (19, 119), (35, 35) })
        {
            var nearest = await sut.SearchAsync(new SearchQuery(string.Empty, Limit: 1) { Vector = TestDocuments.Vector(seed) }, timeout.Token);
            Assert.Equal($"doc{doc}.png", Assert.Single(nearest.Hits).Name);
        }

        var compaction = await sut.CompactVectorsAsync(timeout.Token);
        Assert.False(File.Exists(leftover));
        Assert.Equal(30, compaction.Vectors);
    }
}
