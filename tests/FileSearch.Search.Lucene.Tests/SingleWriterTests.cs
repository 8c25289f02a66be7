using System.Diagnostics;
using FileSearch.Core.Errors;
using FileSearch.Core.Ports;
using FileSearch.Testing;
using FileSearch.Testing.Conformance;

namespace FileSearch.Search.Lucene.Tests;

/// <summary>One writing process per index; a damaged index is found, moved aside and started afresh.</summary>
[Trait("Category", "Integration")]
public sealed class SingleWriterTests : IDisposable
{
    private readonly TempDirectory _temp = new("lucene-writer");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task IndexAsync_SecondInstanceOnSameFolder_RefusedNamingTheHolder()
    {
        var dir = _temp.Combine("index");
        await using var first = LuceneTestIndex.Create(dir);
        await first.IndexAllAsync(TestDocuments.Create("a.txt", "最初の文書"));
        await using var second = LuceneTestIndex.Create(dir);

        var busy = await Assert.ThrowsAsync<IndexWriterBusyException>(() => second.IndexAsync(TestDocuments.Create("b.txt", "二番目"), CancellationToken.None));

        Assert.Equal(IndexWriterBusyException.FailureCode, busy.Code);
        Assert.Equal(FailureKind.Retryable, busy.Kind);
        Assert.Contains($"pid {Environment.ProcessId}", busy.Holder, StringComparison.Ordinal);
        Assert.Contains(dir, busy.Message, StringComparison.Ordinal);
        // Reading needs no claim: the second instance still searches what the first committed.
        Assert.Equal(["a.txt"], await second.SearchNamesAsync("最初"));
    }

    [Fact]
    public async Task ClaimWriterAsync_Twice_NoOp_ThenReleasedOnDispose()
    {
        var dir = _temp.Combine("index");
        await using (var holder = LuceneTestIndex.Create(dir))
        {
            await holder.ClaimWriterAsync(CancellationToken.None);
            await holder.ClaimWriterAsync(CancellationToken.None);
            await holder.IndexAllAsync(TestDocuments.Create("a.txt", "保持"));
        }

        await using var next = LuceneTestIndex.Create(dir);
        await next.ClaimWriterAsync(CancellationToken.None);
        Assert.Equal(["a.txt"], await next.SearchNamesAsync("保持"));
    }

    [Fact]
    public async Task ClaimWriterAsync_OtherProcessHoldsIt_RefusedWithItsPid_AfterItsKill_Claimed()
    {
        var dir = _temp.Combine("index");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await using var sut = LuceneTestIndex.Create(dir);
        using (var child = CrashHelperProcess.Start(dir))
        {
            try
            {
                Assert.Equal("ready", await child.StandardOutput.ReadLineAsync(timeout.Token));

                var busy = await Assert.ThrowsAsync<IndexWriterBusyException>(() => sut.ClaimWriterAsync(timeout.Token));
                Assert.Contains($"pid {child.Id} ", busy.Holder, StringComparison.Ordinal);
                await Assert.ThrowsAsync<IndexWriterBusyException>(() => sut.IndexAsync(TestDocuments.Create("x.txt", "書けない"), timeout.Token));
            }
            finally
            {
                child.Kill(entireProcessTree: true); // SIGKILL: the kernel releases the lock
                await child.WaitForExitAsync(timeout.Token);
            }
        }

        await sut.ClaimWriterAsync(timeout.Token);
        await sut.IndexAllAsync(TestDocuments.Create("after.txt", "再開後"));
        Assert.Equal(["committed.txt"], await sut.SearchNamesAsync("survives"));
        Assert.Equal(["after.txt"], await sut.SearchNamesAsync("再開後"));
    }

    [Fact]
    public async Task FindDamageAsync_HealthyOrMissingIndex_ReturnsNull()
    {
        var dir = _temp.Combine("index");
        await using var sut = LuceneTestIndex.Create(dir);
        Assert.Null(await sut.FindDamageAsync(CancellationToken.None));

        await sut.IndexAllAsync(TestDocuments.Create("a.txt", "健全"));
        Assert.Null(await sut.FindDamageAsync(CancellationToken.None));
    }

    [Theory]
    [InlineData("*.cfs")]
    [InlineData("*.si")]
    [InlineData("segments_*")]
    public async Task SegmentFilesDeleted_FoundDamaged_ReadsFailAsIndexDamaged_ResetStartsEmptyIndex(string pattern)
    {
        var dir = _temp.Combine("index");
        await using (var writer = LuceneTestIndex.Create(dir))
        {
            await writer.IndexAllAsync(TestDocuments.Create("a.txt", "壊れる前") with { Vector = TestDocuments.Vector(1) });
        }

        foreach (var file in Directory.EnumerateFiles(dir, pattern))
        {
            File.Delete(file);
        }

        await using var sut = LuceneTestIndex.Create(dir);
        var damage = await sut.FindDamageAsync(CancellationToken.None);
        Assert.NotNull(damage);
        if (pattern != "segments_*")
        {
            // A missing segment file is the index's problem, never a missing input ("object-not-found").
            var failure = await Assert.ThrowsAsync<ProcessingException>(() => sut.SearchAsync(new SearchQuery("壊れる前"), CancellationToken.None));
            Assert.Equal("index-damaged", failure.Code);
            Assert.Equal(FailureKind.Retryable, failure.Kind);
            Assert.Contains("reindex --all", failure.Message, StringComparison.Ordinal);
        }

        var movedTo = await sut.ResetAsync(CancellationToken.None);

        Assert.StartsWith(dir + ".damaged-", movedTo, StringComparison.Ordinal);
        Assert.True(Directory.Exists(movedTo));
        Assert.Null(await sut.FindDamageAsync(CancellationToken.None));
        Assert.Equal(0, await sut.CountAsync(CancellationToken.None));
        await sut.IndexAllAsync(TestDocuments.Create("b.txt", "作り直し") with { Vector = TestDocuments.Vector(2) });
        Assert.Equal(["b.txt"], await sut.SearchNamesAsync("作り直し"));
        var nearest = await sut.SearchAsync(new SearchQuery(string.Empty, Limit: 5) { Vector = TestDocuments.Vector(1) }, CancellationToken.None);
        Assert.Equal("b.txt", Assert.Single(nearest.Hits).Name);
    }
}

/// <summary>Starts the crash helper program (see its Program.cs for the modes).</summary>
internal static class CrashHelperProcess
{
    public static Process Start(string indexDir, params string[] extra)
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
        foreach (var arg in extra)
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("could not start the crash helper");
    }
}
