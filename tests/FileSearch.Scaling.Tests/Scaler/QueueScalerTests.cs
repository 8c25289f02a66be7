using System.Text.RegularExpressions;
using FileSearch.Aws.Signing;
using FileSearch.Core.Errors;
using FileSearch.Core.Ports;
using FileSearch.Scaling.Scaler;
using FileSearch.Testing.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace FileSearch.Scaling.Tests.Scaler;

[Trait("Category", "Integration")]
public sealed partial class QueueScalerTests : IDisposable
{
    private readonly AutoScalingStandIn _standIn = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 7, 0, 0, TimeSpan.Zero));
    private readonly InMemoryMessageQueue _queue;
    private readonly HttpClient _http;
    private readonly IOptions<ScalerOptions> _options;

    public QueueScalerTests()
    {
        _queue = new InMemoryMessageQueue(_time);
        _options = Options.Create(new ScalerOptions { GroupName = "workers", Region = "ap-northeast-1", Endpoint = _standIn.Endpoint, InstanceMetadataEndpoint = _standIn.Endpoint });
        var signer = new SigV4SigningHandler(new StaticAwsCredentialsSource("AKIDEXAMPLE", "secret"), "autoscaling", "ap-northeast-1", _time, includeContentSha256: false)
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

    private AutoScalingClient Client() => new(_http, _standIn.Endpoint);

    private QueueScaler CreateSut() => new(_queue, Client(), new NullScalingMetricsSource(), ScalingPolicyTests.CreateSut(_time), _options, _time, NullLogger<QueueScaler>.Instance);

    /// <summary>Target tracking with the age step on the age alone, so one evaluation shows whether an age arrived.</summary>
    private QueueScaler CreateSut(IMessageQueue queue, IScalingMetricsSource metrics) => new(queue, Client(), metrics,
        ScalingPolicyTests.CreateSut(_time, o => (o.Mode, o.OldestMessageAgeGrowth, o.SuddenBacklogRatio, o.ScaleOutIncrement) = (ScalingMode.TargetTracking, 0, null, 0)),
        _options, _time, NullLogger<QueueScaler>.Instance);

    [GeneratedRegex("^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261124/ap-northeast-1/autoscaling/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=[0-9a-f]{64}$")]
    private static partial Regex AuthorizationPattern();

    [Fact]
    public async Task EvaluateOnceAsync_FifteenVisibleOneInstance_SignedDescribeThenSetDesiredCapacityTwo()
    {
        await _queue.SendBatchAsync([.. Enumerable.Range(0, 15).Select(i => $"m{i}")], CancellationToken.None);

        var decision = await CreateSut().EvaluateOnceAsync(CancellationToken.None);

        Assert.Equal("SCALE_OUT", decision.ActionName);
        Assert.Equal(15, decision.CurrentQueueDepth);
        var requests = _standIn.Requests.ToArray();
        Assert.Equal(["DescribeAutoScalingGroups", "SetDesiredCapacity"], requests.Select(r => r.Form["Action"]));
        Assert.All(requests, r =>
        {
            Assert.Equal("POST", r.Method);
            Assert.Equal("2011-01-01", r.Form["Version"]);
            Assert.StartsWith("application/x-www-form-urlencoded", r.Headers["content-type"], StringComparison.Ordinal);
            Assert.Equal("20261124T070000Z", r.Headers["x-amz-date"]);
            var match = AuthorizationPattern().Match(r.Headers["authorization"]);
            Assert.True(match.Success, r.Headers["authorization"]);
            Assert.Contains("host", match.Groups[1].Value.Split(';'));
            Assert.Contains("x-amz-date", match.Groups[1].Value.Split(';'));
        });
        Assert.Equal("workers", requests[0].Form["AutoScalingGroupNames.member.1"]);
        Assert.Equal("workers", requests[1].Form["AutoScalingGroupName"]);
        Assert.Equal("2", requests[1].Form["DesiredCapacity"]);
        Assert.Equal("false", requests[1].Form["HonorCooldown"]);
    }

    [Fact]
    public async Task EvaluateOnceAsync_QueueFitsCapacity_OnlyDescribe()
    {
        await _queue.SendAsync("one", CancellationToken.None);
        _standIn.Desired = 1;

        var decision = await CreateSut().EvaluateOnceAsync(CancellationToken.None);

        Assert.Equal(ScalingAction.None, decision.Action);
        Assert.Equal(["DescribeAutoScalingGroups"], _standIn.Requests.Select(r => r.Form["Action"]));
    }

    [Fact]
    [Trait("Category", "Scaling")]
    public async Task EvaluateOnceAsync_QueueWithoutAgeAndCloudWatchAgeThreeMinutes_AgeStepScalesToMax()
    {
        await _queue.SendBatchAsync([.. Enumerable.Range(0, 30).Select(i => $"m{i}")], CancellationToken.None);
        var metrics = new FakeScalingMetrics { Result = new(TimeSpan.FromMinutes(3), null) };

        var withAge = await CreateSut(new AgelessQueue(_queue), metrics).EvaluateOnceAsync(CancellationToken.None);
        var without = await CreateSut(new AgelessQueue(_queue), new NullScalingMetricsSource()).EvaluateOnceAsync(CancellationToken.None);

        // 30 waiting are one instance's backlog at the default 10 s; three steps of age ask for 1 × 4³, capped at 10.
        Assert.Equal(("SCALE_OUT", 10), (withAge.ActionName, withAge.DesiredCapacity));
        Assert.Contains("oldest message 180 s", withAge.Reason, StringComparison.Ordinal);
        Assert.Equal(ScalingAction.None, without.Action);
        Assert.Equal(1, metrics.Calls);
    }

    [Fact]
    [Trait("Category", "Scaling")]
    public async Task EvaluateOnceAsync_QueueReportsItsOwnAge_QueueAgeWinsOverCloudWatch()
    {
        await _queue.SendBatchAsync([.. Enumerable.Range(0, 30).Select(i => $"m{i}")], CancellationToken.None);
        var metrics = new FakeScalingMetrics { Result = new(TimeSpan.FromMinutes(3), null) };

        var decision = await CreateSut(_queue, metrics).EvaluateOnceAsync(CancellationToken.None);

        Assert.Equal(ScalingAction.None, decision.Action);
    }

    [Fact]
    [Trait("Category", "Scaling")]
    public async Task EvaluateOnceAsync_CloudWatchProcessingTimeTwoMinutes_BacklogPerInstanceFromIt()
    {
        await _queue.SendBatchAsync([.. Enumerable.Range(0, 30).Select(i => $"m{i}")], CancellationToken.None);

        var decision = await CreateSut(_queue, new FakeScalingMetrics { Result = new(null, TimeSpan.FromMinutes(2)) }).EvaluateOnceAsync(CancellationToken.None);

        // 10 min / 120 s × 4 slots = 20 per instance: 30 waiting need 2 (the default 10 s would leave 1).
        Assert.Equal(("SCALE_OUT", 2), (decision.ActionName, decision.DesiredCapacity));
    }

    [Fact]
    [Trait("Category", "Scaling")]
    public async Task EvaluateOnceAsync_CloudWatchThrottles_StillEvaluatesOnTheQueueDepth()
    {
        await _queue.SendBatchAsync([.. Enumerable.Range(0, 300).Select(i => $"m{i}")], CancellationToken.None);
        var metrics = new FakeScalingMetrics { Failure = ProcessingException.Retryable("cloudwatch-Throttling", "Rate exceeded") };

        var decision = await CreateSut(new AgelessQueue(_queue), metrics).EvaluateOnceAsync(CancellationToken.None);

        // 300 waiting at the default 10 s are 2 instances' backlog (240 each), without any age step.
        Assert.Equal(("SCALE_OUT", 2), (decision.ActionName, decision.DesiredCapacity));
        Assert.Equal(["DescribeAutoScalingGroups", "SetDesiredCapacity"], _standIn.Requests.Select(r => r.Form["Action"]));
        Assert.Equal(1, metrics.Calls);
    }

    [Fact]
    public async Task DescribeGroupAsync_TwoInstances_ParsedWithProtection()
    {
        _standIn.Desired = 2;
        _standIn.Instances.Add(("i-002", true));

        var group = await Client().DescribeGroupAsync("workers", CancellationToken.None);

        Assert.Equal(("workers", 1, 10, 2), (group.Name, group.MinSize, group.MaxSize, group.DesiredCapacity));
        Assert.Equal([new GroupInstance("i-001", "InService", false), new GroupInstance("i-002", "InService", true)], group.Instances);
    }

    [Theory]
    [InlineData("Throttling", 400, FailureKind.Retryable)]
    [InlineData("InternalFailure", 500, FailureKind.Retryable)]
    [InlineData("ValidationError", 400, FailureKind.Permanent)]
    public async Task SetDesiredCapacityAsync_ErrorResponse_ClassifiedWithCode(string code, int status, FailureKind kind)
    {
        _standIn.Error = (code, status);

        var error = await Assert.ThrowsAsync<ProcessingException>(() => Client().SetDesiredCapacityAsync("workers", 3, CancellationToken.None));

        Assert.Equal(kind, error.Kind);
        Assert.Contains(code, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateAsync_BusyThenIdle_ProtectsThenUnprotectsOwnInstanceOnlyOnChanges()
    {
        var inFlight = 2;
        using var metadataHttp = new HttpClient();
        using var sut = new WorkerScaleInProtection(() => inFlight, Client(), new InstanceMetadata(metadataHttp, _options), _options, _time,
            NullLogger<WorkerScaleInProtection>.Instance);

        Assert.True(await sut.UpdateAsync(CancellationToken.None));
        Assert.True(await sut.UpdateAsync(CancellationToken.None));
        inFlight = 0;
        Assert.False(await sut.UpdateAsync(CancellationToken.None));

        var calls = _standIn.Requests.Where(r => r.Form.ContainsKey("Action")).ToArray();
        Assert.Equal(["SetInstanceProtection", "SetInstanceProtection"], calls.Select(r => r.Form["Action"]));
        Assert.All(calls, r => Assert.Equal("i-0abc", r.Form["InstanceIds.member.1"]));
        Assert.Equal(["true", "false"], calls.Select(r => r.Form["ProtectedFromScaleIn"]));
        Assert.Equal(1, _standIn.Requests.Count(r => r.Path == "/latest/api/token"));
    }

    [Fact]
    public async Task UpdateAsync_StandInFails_StateUnknownAndRetriedNextTime()
    {
        using var metadataHttp = new HttpClient();
        using var sut = new WorkerScaleInProtection(() => 1, Client(), new InstanceMetadata(metadataHttp, _options), _options, _time,
            NullLogger<WorkerScaleInProtection>.Instance);
        _standIn.Error = ("Throttling", 400);

        Assert.Null(await sut.UpdateAsync(CancellationToken.None));
        _standIn.Error = null;
        Assert.True(await sut.UpdateAsync(CancellationToken.None));
    }
}

/// <summary>SQS's view of the queue: GetQueueAttributes has no oldest message's age.</summary>
internal sealed class AgelessQueue(IMessageQueue inner) : DelegatingMessageQueue(inner)
{
    public override async Task<QueueCounts> GetCountsAsync(CancellationToken cancellationToken) =>
        await Inner.GetCountsAsync(cancellationToken) with { OldestVisibleSentAt = null };
}

/// <summary>A metrics source answering <see cref="Result"/> or throwing <see cref="Failure"/>, counting the calls.</summary>
internal sealed class FakeScalingMetrics : IScalingMetricsSource
{
    public ScalingMetrics Result { get; init; } = ScalingMetrics.None;

    public Exception? Failure { get; init; }

    public int Calls { get; private set; }

    public Task<ScalingMetrics> ReadAsync(CancellationToken cancellationToken)
    {
        Calls++;
        return Failure is { } failure ? Task.FromException<ScalingMetrics>(failure) : Task.FromResult(Result);
    }
}
