using FileSearch.Bench.Commands.Soak;
using FileSearch.Testing;

namespace FileSearch.Bench.Tests.Commands.Soak;

[Trait("Category", "Unit")]
public sealed class SoakWorkerTests : IDisposable
{
    private readonly TempDirectory _temp = new("fs-soak-worker");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Record_WorkerLogLines_TalliesRetriesInjectionsDrainsAndPeakBacklogAndKeepsTheLog()
    {
        string[] lines =
        [
            "18:00:14 warn: FileSearch.Core.Resilience.ResiliencePipelines[1500] Queue call failed (server-error); retry 1 in 100.4305 ms",
            "18:00:14 dbug: FileSearch.Core.Resilience.ResiliencePipelines[1521] Chaos: injected fault into a Metadata call",
            "18:00:15 dbug: FileSearch.Core.Resilience.ResiliencePipelines[1521] Chaos: injected outage into a Index call",
            "18:00:16 info: FileSearch.Core.Pipeline.Reindexing.PendingIndexDrainer[1062] Indexing 37 PENDING_INDEX document(s)",
            "18:00:19 info: FileSearch.Core.Pipeline.Reindexing.PendingIndexDrainer[1062] Indexing 5 PENDING_INDEX document(s)",
            "18:00:20 info: FileSearch.Core.Worker.MessageHandler[1020] 報告書_00001.txt を処理しました",
        ];
        using (var worker = new SoakWorker(_temp.Path, _temp.Combine("worker.log")))
        {
            foreach (var line in lines)
            {
                worker.Record(line);
            }

            Assert.Equal((1, 1, 1, 2, 37), (worker.Tally["retries"], worker.Tally["chaos:fault"], worker.Tally["chaos:outage"], worker.Tally["drains"], worker.Tally["pending-peak"]));
        }

        Assert.Equal(lines, File.ReadAllLines(_temp.Combine("worker.log")));
    }
}
