using FileSearch.Bench.Commands.Bench;
using FileSearch.Testing;

namespace FileSearch.Bench.Tests.Commands.Bench;

[Trait("Category", "Performance")]
public sealed class KnnBenchmarkTests
{
    [Fact]
    public void Run_SmallClusteredSet_StoreFindsTheExactTopTenAndReportsBothSides()
    {
        using var temp = new TempDirectory("fs-bench-knn");
        var set = new KnnVectorSet(KnnVectorSet.RandomSeeds(8, 64, seed: 3), count: 20_000, seed: 5);

        var result = KnnBenchmark.Run(set, temp.Combine("store"), queries: 20, k: 10, _ => { }, CancellationToken.None);

        Assert.Equal((20_000, 64, 20), (result.Count, result.Dimension, result.Queries));
        Assert.Equal(40, set.Centres);
        Assert.True(result.RecallAtK >= 0.98, $"recall@10 {result.RecallAtK}");
        Assert.True(result.Store.P95Ms > 0 && result.Exact.P95Ms > 0);
        Assert.True(result.LogBytes > 20_000L * 64 * 4, "the log holds every float vector");
        Assert.InRange(result.StoreMemory.AccountedMb, 1, result.ExactMemory.AccountedMb * 2);
        var filtered = Assert.IsType<KnnFilterResult>(result.Filtered);
        Assert.Equal([("model", 20_000), ("permission", 10_000)], filtered.Filters.Select(f => (f.Name, f.Allowed)));
        Assert.Equal(0, filtered.Mismatches);
        Assert.All(filtered.Filters, f => Assert.True(f.Before.P50Ms > 0 && f.After.P50Ms > 0, f.Name));
    }

    [Fact]
    public void KnnVectorSet_SameSeed_SameVectorsAndQueries()
    {
        var seeds = KnnVectorSet.RandomSeeds(4, 32, seed: 1);
        var a = new KnnVectorSet(seeds, 1_000, seed: 9);
        var b = new KnnVectorSet(seeds, 1_000, seed: 9);

        Assert.Equal(a.Vector(123), b.Vector(123));
        Assert.Equal(a.Query(7), b.Query(7));
        Assert.NotEqual(a.Vector(123), a.Vector(124));
        Assert.All(a.Vector(5), x => Assert.True(x >= 0));
    }
}
