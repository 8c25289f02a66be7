using FileSearch.Bench.Commands.Bench.Pipeline;
using FileSearch.Testing;

namespace FileSearch.Bench.Tests.Commands.Bench.Pipeline;

/// <summary>The baseline's peak memory comes from its child processes; it must be measured, not left at -1.</summary>
public sealed class ChildMemoryTests
{
    [Fact]
    public async Task RunAsync_UnderTime_RecordsTheChildsMaxRss()
    {
        var memory = new ChildMemory();

        var output = await ExternalTool.RunAsync("/bin/sh", ["-c", "echo done"], "dash", CancellationToken.None, memory: memory);

        Assert.Equal("done", output.Trim());
        Assert.InRange(memory.PeakMb, 0.5, 4096);
    }

    [Fact]
    public void Record_FailedChildReport_TakesTheLastLineAndKeepsTheLargest()
    {
        using var temp = new TempDirectory("fs-maxrss");
        File.WriteAllText(temp.Combine("time"), string.Empty);
        var memory = new ChildMemory(temp.Combine("time"));
        var first = memory.Wrap()!;
        File.WriteAllText(first.Report, "Command exited with non-zero status 1\n204800\n");
        memory.Record(first);
        var second = memory.Wrap()!;
        File.WriteAllText(second.Report, "1024\n");
        memory.Record(second);

        Assert.Equal(200, memory.PeakMb);
        Assert.False(File.Exists(first.Report));
    }

    [Fact]
    public void PeakMb_NoTimeTool_Unknown()
    {
        var memory = new ChildMemory(timeTool: null);

        Assert.Null(memory.Wrap());
        Assert.Equal(-1, memory.PeakMb);
    }
}
