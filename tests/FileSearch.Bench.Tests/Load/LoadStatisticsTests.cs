using System.Text.Json;
using FileSearch.Bench.Load;
using FileSearch.Core.Pipeline;
using FileSearch.Core.Ports;
using FileSearch.Core.Worker;
using Microsoft.Extensions.Time.Testing;

namespace FileSearch.Bench.Tests.Load;

[Trait("Category", "Unit")]
public sealed class LoadStatisticsTests
{
    [Theory]
    [InlineData(50, 5)]
    [InlineData(95, 10)]
    [InlineData(99, 10)]
    [InlineData(10, 1)]
    public void Percentile_TenValues_NearestRank(double percentile, double expected) =>
        Assert.Equal(expected, LoadStatistics.Percentile([10, 9, 8, 7, 6, 5, 4, 3, 2, 1], percentile));

    [Fact]
    public void Percentile_Empty_Zero() => Assert.Equal(0, LoadStatistics.Percentile([], 95));

    [Fact]
    public void Record_RequestsAndSamples_FailuresSendsAndMaxima()
    {
        var statistics = new LoadStatistics();
        statistics.Record(new LoadRequest(LoadStatistics.SendPdf, TimeSpan.FromSeconds(2), 5, null));
        statistics.Record(new LoadRequest(LoadStatistics.CheckDepth, TimeSpan.FromSeconds(1), 3, "boom"));
        statistics.Record(new LoadRequest(LoadStatistics.SendImage, TimeSpan.FromSeconds(3), 7, "timeout"));
        statistics.Record(new QueueSample(TimeSpan.FromSeconds(1), 1, 4, 2, 3.5, 6, 0));
        statistics.Record(new QueueSample(TimeSpan.FromSeconds(2), 1, 1, 2, 1.0, 6, 3));

        Assert.Equal(2, statistics.Failures);
        Assert.Equal([LoadStatistics.SendPdf, LoadStatistics.SendImage], statistics.Sends.Select(r => r.Name));
        Assert.Equal(LoadStatistics.CheckDepth, statistics.Requests[0].Name);
        Assert.Equal(6, statistics.MaxDepth);
        Assert.Equal(3.5, statistics.MaxOldestAgeSeconds);
    }

    [Fact]
    public void MessageTracker_FinishedBeforeSendRecorded_NotLeftUnfinished()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2025-01-30T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var tracker = new MessageTracker(time);
        tracker.OnMessageFinished(Message("a"), MessageOutcome.Completed, null);
        tracker.OnSent("a", time.GetUtcNow());
        tracker.OnSent("b", time.GetUtcNow());
        time.Advance(TimeSpan.FromSeconds(3));
        tracker.OnSent("c", time.GetUtcNow());
        time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(TimeSpan.FromSeconds(5), tracker.OldestAge());
        tracker.OnMessageFinished(Message("b"), MessageOutcome.DeadLettered, "corrupt");
        tracker.OnMessageFinished(Message("c"), MessageOutcome.Retrying, "busy");

        Assert.Equal(TimeSpan.FromSeconds(2), tracker.OldestAge());
        Assert.Equal((3L, 1L, 1L, 1L, 1), (tracker.Sent, tracker.Completed, tracker.DeadLettered, tracker.Retried, tracker.Unfinished));
        tracker.ResetCounts();
        Assert.Equal((0L, 0L), (tracker.Sent, tracker.Finished));
    }

    [Fact]
    public void EventBody_SeedMessageShape()
    {
        var body = SimulatedUsers.EventBody("raw", "documents/test_001.pdf", 135126, DateTimeOffset.Parse("2025-01-30T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture), "application/pdf");

        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        Assert.Equal("FILE_UPLOADED", root.GetProperty("eventType").GetString());
        Assert.Equal("raw", root.GetProperty("s3Bucket").GetString());
        Assert.Equal("documents/test_001.pdf", root.GetProperty("s3Key").GetString());
        Assert.Equal(135126, root.GetProperty("fileSize").GetInt64());
        Assert.Equal("2025-01-30T12:00:00.0000000+00:00", root.GetProperty("uploadedAt").GetString());
        Assert.Equal("application/pdf", root.GetProperty("metadata").GetProperty("mimeType").GetString());
    }

    [Fact]
    public void Smooth_FiveSampleMean()
    {
        Assert.Equal([1, 1.5, 2, 2.5, 3, 4], LoadCharts.Smooth([1, 2, 3, 4, 5, 6]));
    }

    private static QueueMessage Message(string id) => new(id, "h-" + id, "{}", 1, DateTimeOffset.UnixEpoch);
}
