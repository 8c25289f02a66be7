using System.Diagnostics;
using System.Text;
using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using FileSearch.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using SharpCompress.Archives;
using Xunit.Abstractions;

namespace FileSearch.Extraction.Tests;

/// <summary>
/// Solid 7z archives (every member in one compressed stream, 7-Zip's default) are read in one pass: opening members one by
/// one decompressed the stream from its start for each, so reading took time growing with the square of the member count
/// (250 members 6.9 s, 1,000 members 56 s on the test machine).
/// </summary>
public sealed class SolidSevenZipTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _temp = new("fs-solid7z");

    public void Dispose() => _temp.Dispose();

    [Fact]
    [Trait("Category", "Integration")]
    public async Task ReadAsync_SolidSevenZipOfManyMembers_EveryMemberWithItsBytesInStoredOrder()
    {
        var members = Minutes(1_000);
        var path = await WriteAsync(members);
        using (var archive = ArchiveFactory.OpenArchive(new FileInfo(path)))
        {
            Assert.True(archive.IsSolid);
        }

        var read = new List<(string Path, byte[] Data)>();
        var summary = await ReadAsync(path, async (file, ct) => read.Add((file.Path, await File.ReadAllBytesAsync(file.LocalPath, ct))));

        Assert.Equal(1_000, summary.Members);
        Assert.Empty(summary.Skipped);
        Assert.Equal(members.Select(m => m.Name), read.Select(r => r.Path));
        Assert.All(read.Zip(members), pair => Assert.Equal(pair.Second.Data, pair.First.Data));

        IContainerReader reader = new ArchiveContainerReader(TestSupport.Options(), NullLogger<ArchiveContainerReader>.Instance);
        var work = Directory.CreateDirectory(_temp.Combine("extract")).FullName;
        Assert.True(await reader.ExtractAsync(path, FileKind.SevenZip, "議事録/第0999回.txt", _temp.Combine("第0999回.txt"), work,
            new ContainerBudget(10_000, 1L << 32), CancellationToken.None));
        Assert.Equal(members[998].Data, await File.ReadAllBytesAsync(_temp.Combine("第0999回.txt")));
        Assert.Empty(Directory.EnumerateFiles(work));
    }

    [Fact]
    [Trait("Category", "Performance")]
    public async Task ReadAsync_SolidSevenZipOfManyMembers_AboutAsFastAsTheSameMembersCompressedOneByOne()
    {
        var members = Minutes(2_000);
        var solid = await WriteAsync(members);
        var separate = _temp.Combine("議事録_separate.7z");
        await File.WriteAllBytesAsync(separate, ArchiveSamples.SevenZip(members));
        await ReadAsync(separate, (_, _) => Task.CompletedTask); // warm-up

        var solidTimes = new List<double>();
        var separateTimes = new List<double>();
        for (var round = 0; round < 3; round++)
        {
            solidTimes.Add(await TimeAsync(solid));
            separateTimes.Add(await TimeAsync(separate));
        }

        // One pass: about the same work as members compressed one by one. Decompressing the shared stream from its start
        // for every member instead cost over a hundred times as much at 2,000 members.
        var ratio = Median(solidTimes) / Median(separateTimes);
        output.WriteLine($"2,000 members: solid 7z {Median(solidTimes):F0} ms, members compressed one by one {Median(separateTimes):F0} ms (medians of 3), ratio {ratio:F2}");
        Assert.True(ratio < 5, $"the solid archive took {ratio:F1} times as long as the same members compressed one by one");
    }

    private static (string Name, byte[] Data)[] Minutes(int count) => [.. Enumerable.Range(1, count).Select(i => (
        $"議事録/第{i:D4}回.txt",
        Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat($"第{i}回 定例会議 議事録: 予算審議と人員計画について。", 60)))))];

    private async Task<string> WriteAsync((string Name, byte[] Data)[] members)
    {
        var path = _temp.Combine($"議事録_{members.Length}.7z");
        await File.WriteAllBytesAsync(path, SolidSevenZip.Create(members));
        return path;
    }

    private async Task<double> TimeAsync(string path)
    {
        var started = Stopwatch.GetTimestamp();
        await ReadAsync(path, (_, _) => Task.CompletedTask);
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    private async Task<ContainerSummary> ReadAsync(string path, Func<ContainedFile, CancellationToken, Task> onMember)
    {
        var work = Directory.CreateDirectory(_temp.Combine("work")).FullName;
        var reader = new ArchiveContainerReader(TestSupport.Options(o => o.MaxArchiveMembers = 10_000), NullLogger<ArchiveContainerReader>.Instance);
        var summary = await reader.ReadAsync(path, FileKind.SevenZip, work, new ContainerBudget(10_000, 1L << 32), onMember, CancellationToken.None);
        Assert.Empty(Directory.EnumerateFiles(work));
        return summary;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
