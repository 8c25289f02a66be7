using FileSearch.Core.Security;
using FileSearch.Embedded.Audit;
using FileSearch.Testing;
using Microsoft.Extensions.Options;

namespace FileSearch.Embedded.Tests.Audit;

[Trait("Category", "Unit")]
public sealed class JsonLinesAuditSinkTests : IDisposable
{
    private readonly TempDirectory _temp = new("fs-audit");

    public void Dispose() => _temp.Dispose();

    private static AuditEvent Record(DateTimeOffset time, string target) =>
        new(time, "田中", "jwt", false, AuditAction.Original, target, AuditOutcome.Denied, "denied to user:田中 by acl (deny wins)");

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task WriteAsync_ManyConcurrentWriters_EveryRecordReadBackWhole()
    {
        var directory = _temp.Combine("audit");
        var time = new DateTimeOffset(2026, 12, 6, 23, 59, 0, TimeSpan.Zero);
        var sinks = Enumerable.Range(0, 4).Select(_ => new JsonLinesAuditSink(Options.Create(new AuditOptions { Directory = directory }))).ToArray();

        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() => sinks[i % 4].WriteAsync(Record(time, $"doc-{i:D3}"), CancellationToken.None))));

        var read = await ReadAllAsync(directory, time.AddMinutes(-1));
        Assert.Equal(Enumerable.Range(0, 200).Select(i => $"doc-{i:D3}"), read.Select(r => r.Target).Order(StringComparer.Ordinal));
        Assert.All(read, r => Assert.Equal(Record(time, r.Target), r));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(JsonLinesAuditSink.FileOf(directory, time)));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(directory));
    }

    [Fact]
    public async Task ReadAsync_DaysAndATornLine_RecordsFromSinceOnTornLineSkipped()
    {
        var directory = _temp.Combine("audit");
        var sink = new JsonLinesAuditSink(Options.Create(new AuditOptions { Directory = directory }));
        var day1 = new DateTimeOffset(2026, 12, 5, 10, 0, 0, TimeSpan.Zero);
        var day2 = day1.AddDays(1);
        await sink.WriteAsync(Record(day1, "old"), CancellationToken.None);
        await sink.WriteAsync(Record(day2, "new-1"), CancellationToken.None);
        await File.AppendAllTextAsync(JsonLinesAuditSink.FileOf(directory, day2), "{\"time\":\"2026-12-06T10:00:01Z\",\"user\":\"ta");
        await File.AppendAllTextAsync(JsonLinesAuditSink.FileOf(directory, day2), "\n");
        await sink.WriteAsync(Record(day2.AddSeconds(2), "new-2"), CancellationToken.None);

        Assert.Equal(["old", "new-1", "new-2"], (await ReadAllAsync(directory, day1)).Select(r => r.Target));
        Assert.Equal(["new-1", "new-2"], (await ReadAllAsync(directory, day2)).Select(r => r.Target));
        Assert.Empty(await ReadAllAsync(_temp.Combine("missing"), day1));
        Assert.Contains("\"action\":\"original\"", await File.ReadAllTextAsync(JsonLinesAuditSink.FileOf(directory, day1)), StringComparison.Ordinal);
    }

    private static ValueTask<List<AuditEvent>> ReadAllAsync(string directory, DateTimeOffset since) =>
        JsonLinesAuditSink.ReadAsync(directory, since, CancellationToken.None).ToListAsync();
}
