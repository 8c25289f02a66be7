using FileSearch.Core.Domain;
using FileSearch.Core.Pipeline;

namespace FileSearch.Core.Tests.Pipeline;

/// <summary>
/// Two instances (two processors: no lock in common, as on two machines) process two versions of one file at the same
/// moment against one metadata store and one index. Whatever the interleaving, the index ends as the version that won in
/// the metadata store says: the newer text indexed once, or nothing after a deletion.
/// </summary>
[Trait("Category", "Resilience")]
public sealed class VersionRaceTests : IDisposable
{
    private const int Rounds = 50;
    private readonly PipelineHarness _h = new();

    public void Dispose() => _h.Dispose();

    /// <summary>Two processors on the harness's stores; extraction takes a random few milliseconds, so interleavings vary.</summary>
    private (Random Random, DocumentProcessor First, DocumentProcessor Second) Instances(int seed)
    {
        var random = new Random(seed);
        _h.Extractor.Gate = ct => Task.Delay(random.Next(0, 12), ct);
        return (random, _h.CreateProcessor(), _h.CreateProcessor());
    }

    [Fact]
    public async Task ProcessAsync_TwoInstancesTwoCreatedVersions_IndexHoldsTheNewerTextEveryRound()
    {
        var (random, first, second) = Instances(4021);
        for (var round = 0; round < Rounds; round++)
        {
            var key = $"契約/契約書{round:D2}.txt";
            _h.PutText(key, $"初版{round:D2} 旧条項");
            var older = _h.Created(key, sequencer: $"{round:X2}10");
            var olderRun = Task.Run(() => first.ProcessAsync(older, CancellationToken.None));
            await Task.Delay(random.Next(0, 3));
            _h.PutText(key, $"改訂版{round:D2} 新条項");
            var newer = _h.Created(key, sequencer: $"{round:X2}20");
            await Task.WhenAll(olderRun, Task.Run(() => second.ProcessAsync(newer, CancellationToken.None)));

            var record = _h.Metadata.Records.Single(r => r.Key == key);
            Assert.Equal(newer.Version, record.Version);
            var entry = _h.Index.Committed.Single(d => d.Key == key);
            Assert.Equal(record.Version, entry.Version);
            Assert.Equal($"改訂版{round:D2} 新条項", entry.Text);
        }
    }

    [Fact]
    public async Task ProcessAsync_OlderCreatedRacingNewerDelete_NothingIndexedEveryRound()
    {
        var (random, first, second) = Instances(1206);
        for (var round = 0; round < Rounds; round++)
        {
            var key = $"削除/見積書{round:D2}.txt";
            _h.PutText(key, $"見積{round:D2} 金額");
            var created = _h.Created(key, sequencer: $"{round:X2}10");
            var createdRun = Task.Run(() => first.ProcessAsync(created, CancellationToken.None));
            await Task.Delay(random.Next(0, 6));
            var deleted = _h.Deleted(key, sequencer: $"{round:X2}20");
            await Task.WhenAll(createdRun, Task.Run(() => second.ProcessAsync(deleted, CancellationToken.None)));

            var record = _h.Metadata.Records.Single(r => r.Key == key);
            Assert.Equal((DocumentStatus.Deleted, deleted.Version), (record.Status, record.Version));
            Assert.DoesNotContain(_h.Index.Committed, d => d.Key == key);
        }
    }

    [Fact]
    public async Task ProcessAsync_CreatedAfterDeleteRacingIt_NewerCreationStaysIndexed()
    {
        var (_, first, second) = Instances(77);
        for (var round = 0; round < Rounds; round++)
        {
            var key = $"再作成/議事録{round:D2}.txt";
            _h.PutText(key, $"議事録{round:D2} 決定事項");
            var deleted = _h.Deleted(key, sequencer: $"{round:X2}10");
            var created = _h.Created(key, sequencer: $"{round:X2}20");
            await Task.WhenAll(
                Task.Run(() => first.ProcessAsync(deleted, CancellationToken.None)),
                Task.Run(() => second.ProcessAsync(created, CancellationToken.None)));

            var record = _h.Metadata.Records.Single(r => r.Key == key);
            Assert.Equal((DocumentStatus.Indexed, created.Version), (record.Status, record.Version));
            Assert.Equal(created.Version, _h.Index.Committed.Single(d => d.Key == key).Version);
        }
    }
}
