using FileSearch.Core.Domain;
using FileSearch.Core.Errors;
using FileSearch.Core.Pipeline.Reindexing;
using FileSearch.Core.Ports;
using FileSearch.Testing.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace FileSearch.Core.Tests.Pipeline.Reindexing;

/// <summary>A local index that no longer reads is moved aside and rebuilt from the metadata store; its writer is claimed first.</summary>
[Trait("Category", "Unit")]
public sealed class DamagedIndexTests : IDisposable
{
    private readonly PipelineHarness _h = new();
    private readonly FakeSingleWriterIndex _local;

    public DamagedIndexTests() => _local = new FakeSingleWriterIndex(_h.Index);

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task RebuildAllAsync_DamagedLocalIndex_MovedAsideAndEveryLiveRecordIndexedAgain()
    {
        await IndexDocumentsAsync("a.txt", "b.txt");
        _local.Damage = "FileNotFoundException: _1c.cfs";

        var report = await _h.CreateRebuilder(new ReindexOptions(), singleWriter: _local).RebuildAllAsync(CancellationToken.None);

        Assert.Equal(1, _local.Resets);
        Assert.Equal(1, _local.Claims);
        Assert.Equal("FileNotFoundException: _1c.cfs", report.Damage);
        Assert.Equal("/data/index.damaged-1", report.DamagedIndexMovedTo);
        Assert.Equal(2, report.Indexed);
        Assert.Equal(["a.txt", "b.txt"], _h.Index.Committed.Select(d => d.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task RebuildAllAsync_HealthyLocalIndex_RewrittenInPlaceWithoutReset()
    {
        await IndexDocumentsAsync("a.txt");

        var report = await _h.CreateRebuilder(new ReindexOptions(), singleWriter: _local).RebuildAllAsync(CancellationToken.None);

        Assert.Equal(0, _local.Resets);
        Assert.Null(report.DamagedIndexMovedTo);
        Assert.Equal(1, report.Indexed);
    }

    [Fact]
    public async Task RepairIfDamagedAsync_Healthy_ReturnsNullAndTouchesNothing()
    {
        await IndexDocumentsAsync("a.txt");
        var commits = _h.Index.Commits;

        Assert.Null(await _h.CreateRebuilder(new ReindexOptions(), singleWriter: _local).RepairIfDamagedAsync(CancellationToken.None));
        Assert.Equal(commits, _h.Index.Commits);
    }

    [Fact]
    public async Task IndexClaimService_StartDamaged_ClaimsThenRebuildsBeforeTheWorkerStarts()
    {
        await IndexDocumentsAsync("a.txt", "b.txt", "c.txt");
        _local.Damage = "CorruptIndexException: checksum failed";
        var service = new IndexClaimService(_h.CreateRebuilder(new ReindexOptions(), singleWriter: _local), NullLogger<IndexClaimService>.Instance, _local);

        await service.StartAsync(CancellationToken.None);

        Assert.Equal(1, _local.Claims);
        Assert.Equal(1, _local.Resets);
        Assert.Equal(3, _h.Index.Committed.Count);
    }

    [Fact]
    public async Task IndexClaimService_AnotherProcessHoldsTheIndex_StartFailsWithTheHolder()
    {
        _local.Holder = "pid 4242 on vm since 2026-12-06 05:20:01 UTC (filesearch worker)";
        var service = new IndexClaimService(_h.CreateRebuilder(new ReindexOptions(), singleWriter: _local), NullLogger<IndexClaimService>.Instance, _local);

        var busy = await Assert.ThrowsAsync<IndexWriterBusyException>(() => service.StartAsync(CancellationToken.None));

        Assert.Contains("pid 4242", busy.Message, StringComparison.Ordinal);
        Assert.Equal(0, _local.Resets);
    }

    [Fact]
    public async Task IndexClaimService_BackendWithoutSingleWriter_DoesNothing()
    {
        var service = new IndexClaimService(_h.CreateRebuilder(new ReindexOptions()), NullLogger<IndexClaimService>.Instance);

        await service.StartAsync(CancellationToken.None);
        await service.StopAsync(CancellationToken.None);

        Assert.Equal(0, _h.Index.Commits);
    }

    private async Task IndexDocumentsAsync(params string[] keys)
    {
        var processor = _h.CreateProcessor();
        foreach (var key in keys)
        {
            _h.PutText(key, $"本文 {key}");
            var result = await processor.ProcessAsync(_h.Created(key), CancellationToken.None);
            Assert.Equal(Core.Pipeline.ProcessingOutcome.Indexed, result.Outcome);
        }
    }

    /// <summary>The single-writer side of a local index over the in-memory index: damage and holder set by the test.</summary>
    private sealed class FakeSingleWriterIndex(InMemorySearchIndex index) : ISingleWriterIndex
    {
        public string? Damage { get; set; }

        public string? Holder { get; set; }

        public int Claims { get; private set; }

        public int Resets { get; private set; }

        public string Location => "/data/index";

        public Task ClaimWriterAsync(CancellationToken cancellationToken)
        {
            if (Holder is not null)
            {
                throw new IndexWriterBusyException(Location, Holder);
            }

            Claims++;
            return Task.CompletedTask;
        }

        public Task<string?> FindDamageAsync(CancellationToken cancellationToken) => Task.FromResult(Damage);

        public Task<string> ResetAsync(CancellationToken cancellationToken)
        {
            Resets++;
            index.Clear();
            Damage = null;
            return Task.FromResult($"{Location}.damaged-{Resets}");
        }
    }
}
