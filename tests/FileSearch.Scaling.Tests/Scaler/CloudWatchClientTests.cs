using FileSearch.Aws.Signing;
using FileSearch.Core.Errors;
using FileSearch.Scaling.Scaler;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace FileSearch.Scaling.Tests.Scaler;

/// <summary>GetMetricData over the loopback stand-in, and the scaler's CloudWatch inputs built on it.</summary>
[Trait("Category", "Unit")]
[Trait("Category", "Scaling")]
public sealed class CloudWatchClientTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 7, 0, 30, TimeSpan.Zero);
    private readonly AutoScalingStandIn _standIn = new();
    private readonly FakeTimeProvider _time = new(Now);
    private readonly HttpClient _http;

    public CloudWatchClientTests()
    {
        var signer = new SigV4SigningHandler(new StaticAwsCredentialsSource("AKIDEXAMPLE", "secret"), "monitoring", "ap-northeast-1", _time, includeContentSha256: false)
        {
            InnerHandler = new SocketsHttpHandler(),
        };
        _http = new HttpClient(signer) { Timeout = TimeSpan.FromSeconds(10) };
    }

    public void Dispose()
    {
        _http.Dispose();
        _standIn.Dispose();
    }

    private CloudWatchClient CreateSut() => new(_http, _standIn.Endpoint);

    private CloudWatchScalingMetrics CreateMetrics(TimeSpan? window = null) => new(CreateSut(),
        Options.Create(new ScalerOptions { QueueName = "filesearch-events", MetricsNamespace = "FileSearch", ProcessingTimeWindow = window ?? TimeSpan.FromMinutes(5) }), _time);

    private static DateTimeOffset MinutesAgo(int minutes) => new DateTimeOffset(2026, 11, 24, 7, 0, 0, TimeSpan.Zero).AddMinutes(-minutes);

    [Fact]
    public async Task GetMetricDataAsync_TwoQueries_DocumentedFormFieldsSignedForMonitoringAndDatapointsNewestFirst()
    {
        _standIn.Datapoints["ApproximateAgeOfOldestMessage"] = [(MinutesAgo(3), 40), (MinutesAgo(1), 95.5), (MinutesAgo(2), 70)];

        var data = await CreateSut().GetMetricDataAsync(
            [
                new("age", "AWS/SQS", "ApproximateAgeOfOldestMessage", [new("QueueName", "filesearch-events")], TimeSpan.FromMinutes(1), "Maximum"),
                new("files", "FileSearch", "filesearch.file.duration.count", [new("Service", "filesearch-worker"), new("Stage", "all")], TimeSpan.FromMinutes(5), "Sum"),
            ],
            MinutesAgo(10), Now, CancellationToken.None);

        Assert.Equal([95.5, 70, 40], data["age"].Select(p => p.Value));
        Assert.Equal(MinutesAgo(1), data["age"][0].Timestamp);
        Assert.Empty(data["files"]);
        var request = Assert.Single(_standIn.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Contains("/ap-northeast-1/monitoring/aws4_request", request.Headers["authorization"], StringComparison.Ordinal);
        Assert.Equal(new Dictionary<string, string>
        {
            ["Action"] = "GetMetricData",
            ["Version"] = "2010-08-01",
            ["StartTime"] = "2026-11-24T06:50:00Z",
            ["EndTime"] = "2026-11-24T07:00:30Z",
            ["ScanBy"] = "TimestampDescending",
            ["MetricDataQueries.member.1.Id"] = "age",
            ["MetricDataQueries.member.1.MetricStat.Metric.Namespace"] = "AWS/SQS",
            ["MetricDataQueries.member.1.MetricStat.Metric.MetricName"] = "ApproximateAgeOfOldestMessage",
            ["MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Name"] = "QueueName",
            ["MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Value"] = "filesearch-events",
            ["MetricDataQueries.member.1.MetricStat.Period"] = "60",
            ["MetricDataQueries.member.1.MetricStat.Stat"] = "Maximum",
            ["MetricDataQueries.member.1.ReturnData"] = "true",
            ["MetricDataQueries.member.2.Id"] = "files",
            ["MetricDataQueries.member.2.MetricStat.Metric.Namespace"] = "FileSearch",
            ["MetricDataQueries.member.2.MetricStat.Metric.MetricName"] = "filesearch.file.duration.count",
            ["MetricDataQueries.member.2.MetricStat.Metric.Dimensions.member.1.Name"] = "Service",
            ["MetricDataQueries.member.2.MetricStat.Metric.Dimensions.member.1.Value"] = "filesearch-worker",
            ["MetricDataQueries.member.2.MetricStat.Metric.Dimensions.member.2.Name"] = "Stage",
            ["MetricDataQueries.member.2.MetricStat.Metric.Dimensions.member.2.Value"] = "all",
            ["MetricDataQueries.member.2.MetricStat.Period"] = "300",
            ["MetricDataQueries.member.2.MetricStat.Stat"] = "Sum",
            ["MetricDataQueries.member.2.ReturnData"] = "true",
        }, request.Form);
    }

    [Theory]
    [InlineData("Throttling", 400, FailureKind.Retryable)]
    [InlineData("InternalServiceError", 500, FailureKind.Retryable)]
    [InlineData("ServiceUnavailable", 503, FailureKind.Retryable)]
    [InlineData("InvalidParameterValue", 400, FailureKind.Permanent)]
    [InlineData("AccessDenied", 403, FailureKind.Permanent)]
    public async Task GetMetricDataAsync_ErrorResponse_ClassifiedWithCode(string code, int status, FailureKind kind)
    {
        _standIn.Error = (code, status);

        var error = await Assert.ThrowsAsync<ProcessingException>(() => CreateMetrics().ReadAsync(CancellationToken.None));

        Assert.Equal(kind, error.Kind);
        Assert.Equal("cloudwatch-" + code, error.Code);
        Assert.Contains("CloudWatch GetMetricData", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_NoDatapoints_AgeAndProcessingTimeNull()
    {
        var metrics = await CreateMetrics().ReadAsync(CancellationToken.None);

        Assert.Equal(ScalingMetrics.None, metrics);
        var form = Assert.Single(_standIn.Requests).Form;
        Assert.Equal(["ApproximateAgeOfOldestMessage", "filesearch.file.duration.sum", "filesearch.file.duration.count"],
            Enumerable.Range(1, 3).Select(n => form[$"MetricDataQueries.member.{n}.MetricStat.Metric.MetricName"]));
        Assert.Equal("Maximum", form["MetricDataQueries.member.1.MetricStat.Stat"]);
        Assert.Equal("filesearch-events", form["MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Value"]);
        Assert.Equal("filesearch-worker", form["MetricDataQueries.member.2.MetricStat.Metric.Dimensions.member.1.Value"]);
    }

    [Fact]
    public async Task ReadAsync_Datapoints_LatestAgeAndMeanOverTheFilesOfTheWindow()
    {
        _standIn.Datapoints["ApproximateAgeOfOldestMessage"] = [(MinutesAgo(4), 200), (MinutesAgo(2), 320)];
        // Seconds and files per minute; the minute 8 minutes ago lies outside the 5-minute window.
        _standIn.Datapoints["filesearch.file.duration.sum"] = [(MinutesAgo(8), 9000), (MinutesAgo(3), 120), (MinutesAgo(1), 480)];
        _standIn.Datapoints["filesearch.file.duration.count"] = [(MinutesAgo(8), 10), (MinutesAgo(3), 20), (MinutesAgo(1), 20)];

        var metrics = await CreateMetrics().ReadAsync(CancellationToken.None);

        // 320 s at the end of the minute 06:58-06:59; at 07:00:30 that message, if still waiting, is 90 s older.
        Assert.Equal(TimeSpan.FromSeconds(410), metrics.OldestMessageAge);
        Assert.Equal(TimeSpan.FromSeconds(15), metrics.MessageProcessingTime);
    }

    [Fact]
    public async Task ReadAsync_DurationsButNoFilesInTheWindow_ProcessingTimeNull()
    {
        _standIn.Datapoints["filesearch.file.duration.sum"] = [(MinutesAgo(1), 0)];
        _standIn.Datapoints["filesearch.file.duration.count"] = [(MinutesAgo(1), 0), (MinutesAgo(9), 4)];

        var metrics = await CreateMetrics().ReadAsync(CancellationToken.None);

        Assert.Null(metrics.MessageProcessingTime);
    }
}
