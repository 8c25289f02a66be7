using System.Diagnostics;
using FileSearch.Core.Errors;
using FileSearch.Core.Pipeline;
using FileSearch.Core.Worker;
using FileSearch.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FileSearch.Core.Tests.Pipeline;

/// <summary>
/// A full disk on a real file system: a 16 MiB tmpfs mounted for the test (the suite runs as root, as CI does) holds the
/// worker's temp folder. While it is nearly full the worker takes no message; once space returns it processes them.
/// A write into the full file system fails with ENOSPC, which is classified disk-full (retryable), never a file problem.
/// </summary>
[Trait("Category", "Resilience")]
public sealed class DiskSpaceTests : IDisposable
{
    private const long MiB = 1024 * 1024;
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(30);
    private readonly PipelineHarness _h = new();
    private readonly TempDirectory _temp = new("fs-disk");
    private readonly string _mount;

    public DiskSpaceTests()
    {
        _mount = Directory.CreateDirectory(_temp.Combine("small-disk")).FullName;
        Run("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", _mount);
    }

    public void Dispose()
    {
        Run("umount", _mount);
        _temp.Dispose();
        _h.Dispose();
    }

    [Fact]
    public async Task RunAsync_TempDiskBelowMinimum_TakesNoMessageUntilSpaceReturnsThenProcessesIt()
    {
        var filler = Path.Combine(_mount, "filler.bin");
        await File.WriteAllBytesAsync(filler, new byte[12 * MiB]);
        _h.PutText("見積/見積書.txt", "見積書の第3版");
        await _h.Queue.SendAsync(PipelineHarness.SeedBody("見積/見積書.txt"), CancellationToken.None);
        var guard = new DiskSpaceGuard(
            Options.Create(new WorkerOptions { MinFreeDiskBytes = 8 * MiB }), Options.Create(new PipelineOptions { TempDirectory = Path.Combine(_mount, "tmp") }),
            new DriveFreeSpaceProbe(), _h.Time, NullLogger<DiskSpaceGuard>.Instance);
        var worker = new QueueWorker(_h.Queue, _h.CreateHandler(), new DefaultErrorClassifier(), _h.WorkerOptions, _h.Time,
            NullLogger<QueueWorker>.Instance, guard);
        using var stop = new CancellationTokenSource();

        var run = worker.RunAsync(stop.Token);
        for (var i = 0; i < 6; i++)
        {
            _h.Time.Advance(DiskSpaceGuard.RecheckInterval);
            await Task.Delay(30);
        }

        var whileFull = await _h.Queue.GetCountsAsync(CancellationToken.None);
        Assert.True(guard.IsWaiting);
        Assert.Equal((1L, 0L, 0L), (whileFull.Visible, whileFull.InFlight, whileFull.DeadLettered));

        File.Delete(filler);
        var deadline = Environment.TickCount64 + (long)TestTimeout.TotalMilliseconds;
        while (_h.Index.Committed.Count == 0 && Environment.TickCount64 < deadline)
        {
            _h.Time.Advance(DiskSpaceGuard.RecheckInterval);
            await Task.Delay(30);
        }

        await stop.CancelAsync();
        _h.Time.Advance(TimeSpan.FromSeconds(30));
        await run.WaitAsync(TestTimeout);
        var after = await _h.Queue.GetCountsAsync(CancellationToken.None);
        Assert.False(guard.IsWaiting);
        Assert.Equal("見積書の第3版", Assert.Single(_h.Index.Committed).Text);
        Assert.Equal((0L, 0L, 0L), (after.Visible, after.InFlight, after.DeadLettered));
    }

    [Fact]
    public async Task Classify_WriteIntoFullFileSystem_DiskFullAndRetryable()
    {
        var ex = await Record.ExceptionAsync(async () =>
        {
            await using var stream = File.Create(Path.Combine(_mount, "too-big.bin"));
            var block = new byte[MiB];
            for (var i = 0; i < 32; i++)
            {
                await stream.WriteAsync(block);
                await stream.FlushAsync();
            }
        });

        var failure = new DefaultErrorClassifier().Classify(Assert.IsAssignableFrom<IOException>(ex));

        Assert.Equal((FailureKind.Retryable, FailureCodes.DiskFull), (failure.Kind, failure.Code));
    }

    [Fact]
    public void FindShortage_EnoughSpaceOrCheckOff_None()
    {
        var options = Options.Create(new PipelineOptions { TempDirectory = _mount });
        var probe = new DriveFreeSpaceProbe();

        Assert.Null(new DiskSpaceGuard(Options.Create(new WorkerOptions { MinFreeDiskBytes = MiB }), options, probe, _h.Time,
            NullLogger<DiskSpaceGuard>.Instance).FindShortage());
        Assert.Null(new DiskSpaceGuard(Options.Create(new WorkerOptions { MinFreeDiskBytes = 0 }), options, probe, _h.Time,
            NullLogger<DiskSpaceGuard>.Instance).FindShortage());
        var shortage = new DiskSpaceGuard(Options.Create(new WorkerOptions { MinFreeDiskBytes = 64 * MiB }), options, probe, _h.Time,
            NullLogger<DiskSpaceGuard>.Instance).FindShortage();
        Assert.Equal(_mount, shortage?.Path);
        Assert.InRange(shortage!.Value.Free, 15 * MiB, 16 * MiB);
    }

    private static void Run(string command, params string[] arguments)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{command} {string.Join(' ', arguments)} failed: {error}");
    }
}
