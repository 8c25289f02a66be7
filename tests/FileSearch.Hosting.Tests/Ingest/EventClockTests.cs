using System.Text;
using FileSearch.Core.Domain;
using FileSearch.Core.Pipeline;
using FileSearch.Core.Ports;
using FileSearch.Embedded;
using FileSearch.Hosting.Ingest;
using FileSearch.Testing;
using FileSearch.Testing.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FileSearch.Hosting.Tests.Ingest;

/// <summary>Ingest's event times never go backwards, whatever NTP does to the wall clock between two runs.</summary>
[Trait("Category", "Resilience")]
public sealed class EventClockTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _temp = new("fs-event-clock");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task NextAsync_WallClockSteppedBack_StillLaterThanEveryTimeIssuedBefore()
    {
        var clock = new SteppedClock(Start);
        var first = await EventClock.For(_temp.Path, clock).NextAsync(CancellationToken.None);

        clock.Step(TimeSpan.FromHours(-2));
        var second = await EventClock.For(_temp.Path, clock).NextAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromHours(3));
        var third = await EventClock.For(_temp.Path, clock).NextAsync(CancellationToken.None);

        Assert.Equal(Start, first);
        Assert.Equal(first.AddTicks(1), second);
        Assert.Equal(clock.GetUtcNow(), third);
    }

    [Fact]
    public async Task NextAsync_ManyCallersAtOnce_EveryTimeDistinct()
    {
        var clock = new SteppedClock(Start);
        var times = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => Task.Run(() => EventClock.For(_temp.Path, clock).NextAsync(CancellationToken.None))));

        Assert.Equal(40, times.Distinct().Count());
        Assert.Equal(Start.AddTicks(39), times.Max());
    }

    [Theory]
    [InlineData(-1, 0)]
    [InlineData(0, 1)]
    [InlineData(60, 60 * TimeSpan.TicksPerSecond + 1)]
    public void After_StoredStateNotOlder_JustAfterIt(int storedSecondsAfterIssued, long expectedTicksAfterIssued)
    {
        var stored = Start.AddSeconds(storedSecondsAfterIssued);

        Assert.Equal(Start.AddTicks(expectedTicksAfterIssued), EventClock.After(Start, stored));
        Assert.Equal(Start, EventClock.After(Start, null));
    }

    /// <summary>
    /// On the real embedded engines: a file indexed, the clock stepped back two hours, the file changed and ingested
    /// again. On the wall clock alone the second event would be older than the stored version and skipped as stale,
    /// leaving the first text in the index until the clock caught up.
    /// </summary>
    [Fact]
    public async Task Ingest_ClockSteppedBackBetweenRuns_ChangedFileIndexedWithItsNewText()
    {
        var share = Directory.CreateDirectory(_temp.Combine("share")).FullName;
        var data = _temp.Combine("data");
        var clock = new SteppedClock(Start);
        var builder = FileSearchHost.CreateBuilder(new CliContext(data, Verbose: false), LogLevel.Warning);
        builder.Services.AddSingleton<TimeProvider>(clock);
        using var host = builder.Build();
        var objects = host.Services.GetRequiredService<FolderObjectStore>();
        await objects.RegisterBucketAsync("share", share, readOnly: true, CancellationToken.None);
        var processor = host.Services.GetRequiredService<DocumentProcessor>();
        var index = host.Services.GetRequiredService<ISearchIndex>();
        var path = Path.Combine(share, "見積書.txt");

        await File.WriteAllTextAsync(path, "第一版 見積条件", Encoding.UTF8);
        await IngestAsync();
        clock.Step(TimeSpan.FromHours(-2));
        await File.WriteAllTextAsync(path, "第二版 見積条件 改訂", Encoding.UTF8);
        var second = await IngestAsync();

        Assert.Equal(ProcessingOutcome.Indexed, Assert.Single(second).Outcome);
        Assert.Single((await index.SearchAsync(new SearchQuery("第二版"), CancellationToken.None)).Hits);
        Assert.Empty((await index.SearchAsync(new SearchQuery("第一版"), CancellationToken.None)).Hits);

        async Task<ProcessingResult[]> IngestAsync()
        {
            var planner = new IngestPlanner(objects, host.Services.GetRequiredService<IMetadataStore>(), clock, eventClock: EventClock.For(data, clock));
            var plan = await planner.PlanAsync("share", share, CancellationToken.None);
            var results = new List<ProcessingResult>();
            foreach (var fileEvent in plan.Events)
            {
                results.Add(await processor.ProcessAsync(fileEvent, CancellationToken.None));
            }

            await index.CommitAsync(CancellationToken.None);
            return [.. results];
        }
    }
}
