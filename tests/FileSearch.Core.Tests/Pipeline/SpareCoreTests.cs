using FileSearch.Core.Domain;
using FileSearch.Core.Worker;

namespace FileSearch.Core.Tests.Pipeline;

/// <summary>
/// A message that has the machine to itself asks the index to analyse its text side by side
/// (<see cref="Ports.IndexDocument.AnalyzeInParallel"/>); one among as many messages at work as there are cores does not.
/// </summary>
[Trait("Category", "Unit")]
public sealed class SpareCoreTests : IDisposable
{
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(20);
    private readonly PipelineHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task HasSpareCore_MessagesAtWorkAgainstCores_TrueOnlyBelowTheCoreCount()
    {
        var slots = new WorkerSlots(cores: 2);
        using var free = new SemaphoreSlim(0, 2);
        using var awaiting = new SemaphoreSlim(1, 1);
        Assert.False(slots.HasSpareCore);

        using (slots.Enter(free, awaiting))
        {
            Assert.True(slots.HasSpareCore);
            await Task.Run(() =>
            {
                using (slots.Enter(free, awaiting))
                {
                    Assert.False(slots.HasSpareCore);
                }
            });
            Assert.True(slots.HasSpareCore);

            // Waiting for its commit, the message is not at work and has nothing to spread.
            Assert.True(slots.TryYield());
            Assert.False(slots.HasSpareCore);
            await slots.ReclaimAsync(CancellationToken.None);
            Assert.True(slots.HasSpareCore);
        }

        Assert.False(slots.HasSpareCore);
    }

    [Theory]
    [InlineData(2, true)]
    [InlineData(1, false)]
    public async Task RunUntilIdleAsync_OneFile_AnalysedSideBySideOnlyWithACoreToSpare(int cores, bool expected)
    {
        _h.Slots = new WorkerSlots(cores);
        _h.PutText("メモ/議事録.txt", "定例会議の議事録。次回は見積書の確認から始める。");
        await _h.Queue.SendAsync(PipelineHarness.SeedBody("メモ/議事録.txt"), CancellationToken.None);

        await _h.CreateWorker().RunUntilIdleAsync(CancellationToken.None).WaitAsync(TestTimeout);

        var indexed = Assert.Single(_h.Index.Committed);
        Assert.Equal(expected, indexed.AnalyzeInParallel);
    }

    [Fact]
    public async Task ProcessAsync_OutsideAWorker_NotAnalysedSideBySide()
    {
        _h.Slots = new WorkerSlots(cores: 8);
        _h.PutText("a.txt", "本文");

        var result = await _h.CreateProcessor().ProcessAsync(_h.Created("a.txt"), CancellationToken.None);

        Assert.Equal(Core.Pipeline.ProcessingOutcome.Indexed, result.Outcome);
        Assert.False(Assert.Single(_h.Index.Committed).AnalyzeInParallel);
    }
}
