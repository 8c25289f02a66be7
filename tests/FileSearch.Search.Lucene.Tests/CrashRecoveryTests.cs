using System.Diagnostics;
using FileSearch.Testing;

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
        using (var child = StartHelper(indexDir))
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

    private static Process StartHelper(string indexDir)
    {
        var helper = Path.Combine(AppContext.BaseDirectory, "FileSearch.Search.Lucene.CrashHelper.dll");
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(helper);
        start.ArgumentList.Add(indexDir);
        return Process.Start(start) ?? throw new InvalidOperationException("could not start the crash helper");
    }
}
