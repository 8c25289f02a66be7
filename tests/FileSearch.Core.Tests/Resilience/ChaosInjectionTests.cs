using System.Diagnostics.Metrics;
using FileSearch.Core.Errors;
using FileSearch.Core.Resilience;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static FileSearch.Core.Tests.Resilience.ResilienceTestHost;

namespace FileSearch.Core.Tests.Resilience;

[Trait("Category", "Unit")]
public class ChaosInjectionTests
{
    private const string Dep = ResilienceDependencies.Index;
    private const string Chaos = "Resilience:Chaos:Index:";
    private static readonly DefaultErrorClassifier Classifier = new();
    private static CancellationToken Ct => CancellationToken.None;

    private int _calls;

    [Fact]
    public async Task ExecuteAsync_TenPercentFaultsFivePercentThrottles_RatesHonouredAndClassified()
    {
        var (pipelines, _, provider) = CreateSut(("FaultRate", "0.1"), ("ThrottleRate", "0.05"), ("Seed", "42"));
        await using var _ = provider;

        var codes = await RunManyAsync(pipelines, 4000);

        // Binomial 3-sigma bounds: 400 ± 57 server errors, 200 ± 42 throttles.
        Assert.InRange(codes.GetValueOrDefault("server-error"), 343, 457);
        Assert.InRange(codes.GetValueOrDefault("throttled"), 158, 242);
        Assert.Equal(4000, codes.Values.Sum());
        Assert.Equal(codes["ok"], _calls);
    }

    [Fact]
    public async Task ExecuteAsync_SameSeed_SameInjectedSequence()
    {
        var settings = new[] { ("FaultRate", "0.3"), ("Seed", "7") };
        var (first, _, p1) = CreateSut(settings);
        var (second, _, p2) = CreateSut(settings);
        await using var _ = p1;
        await using var __ = p2;

        var a = await SequenceAsync(first, 200);
        var b = await SequenceAsync(second, 200);

        Assert.Equal(a, b);
        Assert.Contains(true, a);
        Assert.Contains(false, a);
    }

    [Fact]
    public async Task ExecuteAsync_Disabled_InjectsNothing()
    {
        var injected = 0;
        using var listener = ListenToChaos(() => Interlocked.Increment(ref injected));
        var (pipelines, _, provider) = Create((Chaos + "Enabled", "false"), (Chaos + "FaultRate", "1"), (Chaos + "ThrottleRate", "0"),
            (Chaos + "Outages:0:After", "00:00:00"));
        await using var _ = provider;

        var codes = await RunManyAsync(pipelines, 200);

        Assert.Equal((200, 200, 0), (codes["ok"], _calls, injected));
    }

    [Fact]
    public async Task ExecuteAsync_FullLatencyRate_DelaysEachCallByLatency()
    {
        var (pipelines, time, provider) = CreateSut(("LatencyRate", "1"), ("Latency", "00:00:05"));
        await using var _ = provider;

        var run = pipelines.ExecuteAsync(Dep, _ => { _calls++; return Task.CompletedTask; }, Ct);
        time.Advance(TimeSpan.FromSeconds(4.9));
        await Task.Yield();
        Assert.Equal(0, _calls);
        time.Advance(TimeSpan.FromSeconds(0.1));
        await run;

        Assert.Equal(1, _calls);
    }

    [Fact]
    public async Task ExecuteAsync_OutageWindow_OpensCircuitThenRecoversAfterWindowAndBreak()
    {
        var (pipelines, time, provider) = CreateSut(("Outages:0:After", "00:00:00"), ("Outages:0:Duration", "00:01:00"));
        await using var _ = provider;

        for (var i = 0; i < 5; i++)
        {
            var down = await Assert.ThrowsAsync<HttpRequestException>(() => Run(pipelines));
            Assert.Equal((FailureKind.Retryable, "network"), (Classifier.Classify(down).Kind, Classifier.Classify(down).Code));
        }

        var open = await Assert.ThrowsAsync<ProcessingException>(() => Run(pipelines));
        Assert.Equal("circuit-open", open.Code);
        time.Advance(TimeSpan.FromSeconds(30));
        await Assert.ThrowsAsync<HttpRequestException>(() => Run(pipelines));
        time.Advance(TimeSpan.FromSeconds(60));
        await Run(pipelines);

        Assert.Equal(1, _calls);
    }

    [Fact]
    public async Task ExecuteAsync_AbsoluteThrottleWindow_ThrottlesOnlyInsideWindow()
    {
        var (pipelines, time, provider) = CreateSut(("Outages:0:Start", "2026-01-01T00:00:10Z"), ("Outages:0:Duration", "00:00:05"),
            ("Outages:0:Kind", "Throttled"));
        await using var _ = provider;

        await Run(pipelines);
        time.Advance(TimeSpan.FromSeconds(10));
        var throttled = await Assert.ThrowsAsync<HttpRequestException>(() => Run(pipelines));
        time.Advance(TimeSpan.FromSeconds(5));
        await Run(pipelines);

        Assert.Equal(("throttled", 2), (Classifier.Classify(throttled).Code, _calls));
    }

    [Fact]
    public async Task ExecuteAsync_FaultsWithRetries_RetriesAbsorbMostInjectedFaults()
    {
        var (pipelines, _, provider) = Create((Chaos + "Enabled", "true"), (Chaos + "FaultRate", "0.3"), (Chaos + "Seed", "3"),
            ("Resilience:Index:InitialDelay", "00:00:00"), ("Resilience:Index:UseJitter", "false"),
            ("Resilience:Index:FailureThreshold", "1000"));
        await using var _ = provider;

        var codes = await RunManyAsync(pipelines, 500);

        // Four attempts all failing has a probability of 0.3^4 = 0.8 %: about 4 of 500.
        Assert.InRange(codes.GetValueOrDefault("server-error"), 0, 15);
        Assert.Equal(500, codes.Values.Sum());
    }

    [Theory]
    [InlineData("FaultRate", "1.5")]
    [InlineData("ThrottleRate", "-0.1")]
    [InlineData("Latency", "01:00:00")]
    [InlineData("Outages:0:Duration", "00:00:00")]
    [InlineData("Outages:0:Kind", "Throttled")]
    public async Task Validate_InvalidChaosOptions_FailsAtStart(string key, string value)
    {
        var settings = new List<(string, string)> { (Chaos + "Enabled", "true"), (Chaos + key, value) };
        if (key == "Outages:0:Duration")
        {
            settings.Add((Chaos + "Outages:0:After", "00:00:01"));
        }

        var (_, _, provider) = Create([.. settings]);
        await using var _ = provider;

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains(error.Failures, f => f.Contains(key.Split(':')[0], StringComparison.Ordinal));
    }

    [Fact]
    public async Task Validate_FaultAndThrottleRatesAboveOne_FailsAtStart()
    {
        var (_, _, provider) = CreateSut(("FaultRate", "0.6"), ("ThrottleRate", "0.6"));
        await using var _ = provider;

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("must not exceed 1", error.Message, StringComparison.Ordinal);
    }

    private static (ResiliencePipelines, Microsoft.Extensions.Time.Testing.FakeTimeProvider, ServiceProvider) CreateSut(params (string Key, string Value)[] chaos) =>
        Create([("Resilience:Index:MaxRetries", "0"), (Chaos + "Enabled", "true"), .. chaos.Select(c => (Chaos + c.Key, c.Value))]);

    private Task Run(ResiliencePipelines pipelines) =>
        pipelines.ExecuteAsync(Dep, _ => { _calls++; return Task.CompletedTask; }, Ct);

    private async Task<Dictionary<string, int>> RunManyAsync(ResiliencePipelines pipelines, int count)
    {
        var codes = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            string code;
            try
            {
                await Run(pipelines);
                code = "ok";
            }
            catch (HttpRequestException ex)
            {
                code = Classifier.Classify(ex).Code;
            }

            codes[code] = codes.GetValueOrDefault(code) + 1;
        }

        return codes;
    }

    private async Task<List<bool>> SequenceAsync(ResiliencePipelines pipelines, int count)
    {
        var failed = new List<bool>();
        for (var i = 0; i < count; i++)
        {
            var before = _calls;
            await RunManyAsync(pipelines, 1);
            failed.Add(_calls == before);
        }

        return failed;
    }

    private static MeterListener ListenToChaos(Action onInjected)
    {
        var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ResilienceMetrics.MeterName && instrument.Name == "filesearch.resilience.chaos_injected")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, _, _) => onInjected());
        listener.Start();
        return listener;
    }
}
