using System.Collections.Concurrent;
using FileSearch.Core.Domain;
using FileSearch.Core.Errors;
using FileSearch.Core.Ports;
using FileSearch.Testing;
using static FileSearch.Testing.Conformance.TestDocuments;

namespace FileSearch.Search.Lucene.Tests.Vectors;

/// <summary>
/// The embedded index under the worker's traffic: writers that index (with or without a vector) and delete shared and
/// distinct documents, then wait for their commit the way the worker does (a slot given back while up to
/// <c>Worker:MaxAwaitingCommit</c> documents await a group commit), vector searches with and without filters that
/// re-read float vectors, the index closed and reopened between rounds, and a second index instance on the same
/// directory searching meanwhile. Commits compact the vector log often (a low dead share, no minimum size).
/// </summary>
[Trait("Category", "Resilience")]
public sealed class VectorIndexStressTests : IDisposable
{
    private const int Keys = 48;
    private const int Dimension = 64;
    private const int Concurrency = 4;
    private const int MaxAwaitingCommit = 3;

    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly TempDirectory _temp = new("vector-index-stress");

    public void Dispose() => _temp.Dispose();

    private string Dir => _temp.Combine("index");

    private static string Key(int i) => $"写真/{i % 4}/画像{i}.jpg";

    private LuceneSearchIndex Open() => LuceneTestIndex.Create(Dir, o =>
    {
        o.VectorCompactionDeadShare = 0.3;
        o.VectorCompactionMinBytes = 0;
    });

    [Theory]
    [InlineData(7)]
    [InlineData(8)]
    public async Task WorkerTrafficReopensAndSecondInstance_NeverFailAndSearchesFindEveryVector(int seed)
    {
        var model = new float[]?[Keys];
        var keyLocks = Enumerable.Range(0, Keys).Select(_ => new SemaphoreSlim(1, 1)).ToArray();
        var failures = new ConcurrentQueue<Exception>();
        var searches = 0;
        var round = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(2.5) || round < 3)
        {
            // One round: a writer instance (the worker), a second instance searching, traffic for a few hundred ms, close.
            var index = Open();
            var second = Open();
            using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
            using var slots = new SemaphoreSlim(Concurrency, Concurrency);
            using var awaiting = new SemaphoreSlim(MaxAwaitingCommit, MaxAwaitingCommit);
            var tasks = new List<Task>();
            for (var w = 0; w < Concurrency * 2; w++)
            {
                var random = new Random((seed * 1000) + (round * 16) + w);
                tasks.Add(Loop(failures, stop.Token, () => WriteOneAsync(index, random, model, keyLocks, slots, awaiting)));
            }

            for (var s = 0; s < 2; s++)
            {
                var random = new Random((seed * 1000) + (round * 16) + 8 + s);
                var target = s == 0 ? index : second;
                tasks.Add(Loop(failures, stop.Token, async () =>
                {
                    await SearchOnceAsync(target, random);
                    Interlocked.Increment(ref searches);
                }));
            }

            await Task.WhenAll(tasks);
            await second.DisposeAsync();
            await index.DisposeAsync();
            Assert.True(failures.IsEmpty, string.Join("\n\n", failures.Take(3)));
            round++;
        }

        Assert.True(searches > 20, $"{searches} searches");
        await using var reopened = Open();
        for (var i = 0; i < Keys; i++)
        {
            var results = await reopened.SearchAsync(new SearchQuery(string.Empty, Limit: 1) { Vector = model[i] ?? Vector(i, Dimension) }, Ct);
            if (model[i] is not null)
            {
                // The exact vector: its own document first, with cosine 1 (ties only with an identical vector, which seeds rule out).
                Assert.Equal(IdOf(Key(i)), Assert.Single(results.Hits).Id);
                Assert.Equal(1f, results.Hits[0].Score, 0.0001f);
            }
        }

        Assert.Equal(model.Count(v => v is not null), (await reopened.SearchAsync(new SearchQuery(string.Empty, Limit: 0) { Vector = Vector(0, Dimension) }, Ct)).TotalHits);
    }

    /// <summary>
    /// Writer processes killed while they index vectors (SIGKILL: whatever they had half written stays in the log) while an
    /// index instance of this process searches the same directory; each next writer cuts what its predecessor left. The
    /// searching instance never fails and ends up with what a freshly opened instance reads.
    /// </summary>
    [Theory]
    [InlineData(31)]
    public async Task WriterProcessesKilledWhileAnotherInstanceSearches_NeverFailsAndMatchesAFreshInstance(int seed)
    {
        var failures = new ConcurrentQueue<Exception>();
        var searches = 0;
        await using var reader = Open();
        using var stop = new CancellationTokenSource();
        var random = new Random(seed);
        var searching = Loop(failures, stop.Token, async () =>
        {
            await SearchOnceAsync(reader, random);
            Interlocked.Increment(ref searches);
        });

        for (var round = 0; round < 3; round++)
        {
            using var writer = CrashHelperProcess.Start(Dir, "vectors", (seed + round).ToString(System.Globalization.CultureInfo.InvariantCulture));
            try
            {
                using var ready = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                Assert.Equal("ready", await writer.StandardOutput.ReadLineAsync(ready.Token));
                await Task.Delay(100 + (random.Next(4) * 50), Ct);
            }
            finally
            {
                writer.Kill(entireProcessTree: true);
                await writer.WaitForExitAsync(Ct);
            }
        }

        await using (var last = Open())
        {
            for (var i = 0; i < 10; i++)
            {
                await last.IndexAsync(Create(Key(i), $"猫の写真 {i}", FileKind.Jpeg) with { Vector = Vector(random.Next(), Dimension) }, Ct);
            }

            await last.CommitAsync(Ct);
        }

        await stop.CancelAsync();
        await searching;
        Assert.True(failures.IsEmpty, string.Join("\n\n", failures.Take(3)));
        Assert.True(searches > 3, $"{searches} searches");
        // Every image's own vector as the query: any vector the searching instance holds wrongly (or lacks) shows.
        await using var fresh = Open();
        var keys = Enumerable.Range(0, 3).SelectMany(r => Enumerable.Range(0, 40).Select(i => $"写真{seed + r}-{i}.jpg")).Concat(Enumerable.Range(0, 10).Select(Key));
        foreach (var key in keys)
        {
            var query = new SearchQuery(string.Empty, Limit: 3) { SimilarTo = IdOf(key) };
            Assert.Equal(await SimilarAsync(fresh, query), await SimilarAsync(reader, query));
        }
    }

    private static async Task<string> SimilarAsync(LuceneSearchIndex index, SearchQuery query)
    {
        try
        {
            var results = await index.SearchAsync(query, Ct);
            return $"{results.TotalHits}: " + string.Join(", ", results.Hits.Select(h => $"{h.Id.Value} {h.Score:F5}"));
        }
        catch (ProcessingException ex) when (ex.Code == "no-vector")
        {
            return "no vector";
        }
    }

    /// <summary>One message of the worker: index or delete, give the slot back while awaiting the commit, commit.</summary>
    private static async Task WriteOneAsync(
        LuceneSearchIndex index, Random random, float[]?[] model, SemaphoreSlim[] keyLocks, SemaphoreSlim slots, SemaphoreSlim awaiting)
    {
        await slots.WaitAsync(Ct);
        var holdsSlot = true;
        try
        {
            // Half of the writes go to 8 keys every writer shares, the rest anywhere.
            var i = random.Next(2) == 0 ? random.Next(8) : random.Next(Keys);
            var action = random.Next(10);
            await keyLocks[i].WaitAsync(Ct);
            try
            {
                if (action < 6)
                {
                    var vector = Vector(random.Next(), Dimension);
                    await index.IndexAsync(Create(Key(i), $"猫の写真 {i}", FileKind.Jpeg) with { Vector = vector }, Ct);
                    model[i] = vector;
                }
                else if (action < 8)
                {
                    await index.IndexAsync(Create(Key(i), $"文書 {i}", FileKind.Jpeg), Ct);
                    model[i] = null;
                }
                else
                {
                    await index.DeleteAsync(IdOf(Key(i)), Ct);
                    model[i] = null;
                }
            }
            finally
            {
                keyLocks[i].Release();
            }

            if (awaiting.Wait(0, Ct))
            {
                slots.Release();
                holdsSlot = false;
                try
                {
                    await index.CommitAsync(Ct);
                }
                finally
                {
                    awaiting.Release();
                }
            }
            else
            {
                await index.CommitAsync(Ct);
            }
        }
        finally
        {
            if (holdsSlot)
            {
                slots.Release();
            }
        }
    }

    private static async Task SearchOnceAsync(LuceneSearchIndex index, Random random)
    {
        var query = random.Next(4) switch
        {
            0 => new SearchQuery(string.Empty, Limit: 5) { Vector = Vector(random.Next(), Dimension) },
            1 => new SearchQuery(string.Empty, Limit: 0) { Vector = Vector(random.Next(), Dimension) }, // a count: no vector read back
            2 => new SearchQuery(string.Empty, Kind: "jpg", Limit: 5) { Vector = Vector(random.Next(), Dimension), PathPrefix = "/nas/share/写真/1" },
            _ => new SearchQuery("猫", Limit: 5) { Vector = Vector(random.Next(), Dimension) },
        };
        _ = await index.SearchAsync(query, Ct);
        try
        {
            _ = await index.SearchAsync(new SearchQuery(string.Empty, Limit: 3) { SimilarTo = IdOf(Key(random.Next(Keys))) }, Ct);
        }
        catch (ProcessingException ex) when (ex.Code == "no-vector")
        {
            // A document without a vector (or none yet): a correct answer, not a failure.
        }
    }

    private static Task Loop(ConcurrentQueue<Exception> failures, CancellationToken stop, Func<Task> step) => Task.Run(async () =>
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await step();
            }
            catch (Exception ex)
            {
                failures.Enqueue(ex);
                return;
            }
        }
    });
}
