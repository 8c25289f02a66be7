using System.Diagnostics.Metrics;
using FileSearch.Core.Errors;
using FileSearch.Core.Resilience;
using static FileSearch.Core.Tests.Resilience.ResilienceTestHost;

namespace FileSearch.Core.Tests.Resilience;

[Trait("Category", "Unit")]
public class CircuitBreakerTests
{
    private const string Dep = ResilienceDependencies.Metadata;
    private static CancellationToken Ct => CancellationToken.None;

    private int _calls;

    [Fact]
    public async Task ExecuteAsync_FiveFailures_OpensThenHalfOpenProbeSucceedsAndCloses()
    {
        var (pipelines, time, provider) = CreateSut();
        await using var _ = provider;
        await FailFiveTimesAsync(pipelines);

        var open = await Assert.ThrowsAsync<ProcessingException>(() => Run(pipelines, fail: false));
        Assert.Equal((FailureKind.Retryable, "circuit-open", 5), (open.Kind, open.Code, _calls));
        Assert.Contains("circuit is open", open.Message, StringComparison.Ordinal);

        time.Advance(TimeSpan.FromSeconds(29));
        await Assert.ThrowsAsync<ProcessingException>(() => Run(pipelines, fail: false));
        Assert.Equal(5, _calls);

        time.Advance(TimeSpan.FromSeconds(1));
        await Run(pipelines, fail: false);
        await Run(pipelines, fail: false);
        Assert.Equal(7, _calls);
    }

    [Fact]
    public async Task ExecuteAsync_OpenHalfOpenClose_CountedOnResilienceMeter()
    {
        var states = new List<string>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ResilienceMetrics.MeterName && instrument.Name == "filesearch.resilience.circuit_transitions")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            var t = tags.ToArray();
            if (t.Any(x => x is { Key: "dependency", Value: Dep }))
            {
                lock (states)
                {
                    states.Add((string)t.Single(x => x.Key == "state").Value!);
                }
            }
        });
        listener.Start();
        var (pipelines, time, provider) = CreateSut();
        await using var _ = provider;

        await FailFiveTimesAsync(pipelines);
        time.Advance(TimeSpan.FromSeconds(30));
        await Run(pipelines, fail: false);

        Assert.Equal(["open", "half-open", "closed"], states);
    }

    [Fact]
    public async Task ExecuteAsync_HalfOpenProbeFails_ReopensForAnotherBreak()
    {
        var (pipelines, time, provider) = CreateSut();
        await using var _ = provider;
        await FailFiveTimesAsync(pipelines);
        time.Advance(TimeSpan.FromSeconds(30));

        await Assert.ThrowsAsync<TimeoutException>(() => Run(pipelines, fail: true));
        var reopened = await Assert.ThrowsAsync<ProcessingException>(() => Run(pipelines, fail: false));

        Assert.Equal(("circuit-open", 6), (reopened.Code, _calls));
    }

    [Fact]
    public async Task ExecuteAsync_FourFailuresThenSuccess_StaysClosed()
    {
        var (pipelines, _, provider) = CreateSut();
        await using var _ = provider;
        for (var i = 0; i < 4; i++)
        {
            await Assert.ThrowsAsync<TimeoutException>(() => Run(pipelines, fail: true));
        }

        await Run(pipelines, fail: false);
        await Assert.ThrowsAsync<TimeoutException>(() => Run(pipelines, fail: true));

        Assert.Equal(6, _calls);
    }

    [Fact]
    public async Task ExecuteAsync_PermanentFailures_DoNotOpenCircuit()
    {
        var (pipelines, _, provider) = CreateSut();
        await using var _ = provider;
        for (var i = 0; i < 6; i++)
        {
            await Assert.ThrowsAsync<ProcessingException>(() => pipelines.ExecuteAsync(Dep,
                _ => { _calls++; return Task.FromException(ProcessingException.Permanent("invalid-input", "bad")); }, Ct));
        }

        await Run(pipelines, fail: false);
        Assert.Equal(7, _calls);
    }

    private static (ResiliencePipelines, Microsoft.Extensions.Time.Testing.FakeTimeProvider, Microsoft.Extensions.DependencyInjection.ServiceProvider) CreateSut() =>
        Create(("Resilience:Metadata:MaxRetries", "0"));

    private async Task FailFiveTimesAsync(ResiliencePipelines pipelines)
    {
        for (var i = 0; i < 5; i++)
        {
            await Assert.ThrowsAsync<TimeoutException>(() => Run(pipelines, fail: true));
        }
    }

    private Task Run(ResiliencePipelines pipelines, bool fail) => pipelines.ExecuteAsync(Dep, _ =>
    {
        _calls++;
        return fail ? Task.FromException(new TimeoutException("no answer")) : Task.CompletedTask;
    }, Ct);
}
