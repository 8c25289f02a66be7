using Amazon.SQS;
using FileSearch.Core.Pipeline;
using FileSearch.Core.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace FileSearch.Bench.Load;

/// <summary>What a load run measured, for the report and the RESULT line.</summary>
/// <param name="Scenario">The scenario run.</param>
/// <param name="Statistics">Requests and queue samples.</param>
/// <param name="Sent">Messages SQS accepted.</param>
/// <param name="Completed">Messages the workers processed and deleted.</param>
/// <param name="DeadLettered">Messages the workers dead-lettered.</param>
/// <param name="Retried">Retries the workers scheduled.</param>
/// <param name="Drained">True when the queue was empty and every sent message finished before the drain timeout.</param>
/// <param name="SendPhase">How long users sent.</param>
/// <param name="DrainTime">From the users' stop until the queue was empty (or the drain timeout).</param>
internal sealed record LoadOutcome(
    LoadScenario Scenario,
    LoadStatistics Statistics,
    long Sent,
    long Completed,
    long DeadLettered,
    long Retried,
    bool Drained,
    TimeSpan SendPhase,
    TimeSpan DrainTime)
{
    /// <summary>Of the processed messages, the files extracted and indexed.</summary>
    public long Indexed { get; init; }

    /// <summary>Of the processed messages, events for a version already indexed: acknowledged without work.</summary>
    public long Unchanged { get; init; }
}

/// <summary>
/// One load run: users send for the scenario's duration while in-process <see cref="QueueWorker"/>s consume; then the
/// users stop and the workers get up to the drain timeout to empty the queue. The queue is sampled once a second
/// throughout. Every phase is bounded in time, so the run always ends by itself.
/// </summary>
internal sealed class LoadRunner(LoadSettings settings, TimeProvider time)
{
    private static readonly TimeSpan SampleInterval = TimeSpan.FromSeconds(1);

    // Loading the OCR models and the first PDF take long on a busy machine; not bounded by the (possibly short) drain timeout.
    private static readonly TimeSpan WarmUpTimeout = TimeSpan.FromMinutes(3);

    public async Task<LoadOutcome> RunAsync(Action<string> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var statistics = new LoadStatistics();
        var tracker = new MessageTracker(time);
        await using var environment = await LoadEnvironment.StartAsync(settings, tracker, progress, cancellationToken).ConfigureAwait(false);
        var users = new SimulatedUsers(environment.Sqs, environment.QueueUrl, environment.Targets, statistics, tracker, time);

        using var workersStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var samplerStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var workers = Enumerable.Range(0, settings.Workers)
            .Select(_ => ActivatorUtilities.CreateInstance<QueueWorker>(environment.Services).RunAsync(workersStop.Token))
            .ToList();
        var sampler = Task.CompletedTask;
        try
        {
            // A running fleet has its engines loaded: the first OCR and the first PDF (engine and model loading) are not part of the measurement.
            progress("Warming up the workers (one PDF, one image)...");
            await users.SendWarmUpAsync(cancellationToken).ConfigureAwait(false);
            if (!await WaitForDrainAsync(environment, tracker, WarmUpTimeout, cancellationToken).ConfigureAwait(false))
            {
                throw new TimeoutException($"the workers did not finish the two warm-up messages within {WarmUpTimeout.TotalMinutes:0} minutes");
            }

            tracker.ResetCounts();
            var started = time.GetTimestamp();
            sampler = SampleAsync(environment, users, tracker, statistics, started, samplerStop.Token);
            return await MeasureAsync(environment, users, tracker, statistics, started, progress, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await workersStop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(workers).ConfigureAwait(false);
            await samplerStop.CancelAsync().ConfigureAwait(false);
            await sampler.ConfigureAwait(false);
        }
    }

    private async Task<LoadOutcome> MeasureAsync(LoadEnvironment environment, SimulatedUsers users, MessageTracker tracker, LoadStatistics statistics,
        long started, Action<string> progress, CancellationToken cancellationToken)
    {
        progress($"{settings.Scenario.Name}: {settings.Scenario.Users} users at {settings.Scenario.SpawnRate}/s for {settings.Scenario.Duration}, " +
            $"{settings.Workers} worker(s) x {settings.Concurrency}, fauxqs on 127.0.0.1");
        using (var sendStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            sendStop.CancelAfter(settings.Scenario.Duration);
            await users.RunAsync(settings.Scenario, started, settings.Seed, sendStop.Token).ConfigureAwait(false);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var sendPhase = time.GetElapsedTime(started);
        progress($"Users stopped after {sendPhase.TotalSeconds:0} s ({tracker.Sent} messages sent); waiting up to {settings.DrainTimeout.TotalSeconds:0} s for the queue to drain...");
        var drained = await WaitForDrainAsync(environment, tracker, settings.DrainTimeout, cancellationToken).ConfigureAwait(false);
        var drainTime = time.GetElapsedTime(started) - sendPhase;
        return new LoadOutcome(settings.Scenario, statistics, tracker.Sent, tracker.Completed, tracker.DeadLettered, tracker.Retried, drained, sendPhase, drainTime)
        {
            Indexed = tracker.Indexed,
            Unchanged = tracker.Unchanged,
        };
    }

    private async Task<bool> WaitForDrainAsync(LoadEnvironment environment, MessageTracker tracker, TimeSpan limit, CancellationToken cancellationToken)
    {
        var since = time.GetTimestamp();
        while (time.GetElapsedTime(since) < limit)
        {
            if (tracker.Unfinished == 0)
            {
                var (visible, inFlight) = await CountAsync(environment.Sqs, environment.QueueUrl, cancellationToken).ConfigureAwait(false);
                if (visible == 0 && inFlight == 0)
                {
                    return true;
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), time, cancellationToken).ConfigureAwait(false);
        }

        return false;
    }

    private async Task SampleAsync(LoadEnvironment environment, SimulatedUsers users, MessageTracker tracker, LoadStatistics statistics, long started, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(SampleInterval, time);
        try
        {
            do
            {
                try
                {
                    var (visible, inFlight) = await CountAsync(environment.Sqs, environment.QueueUrl, stop).ConfigureAwait(false);
                    statistics.Record(new QueueSample(time.GetElapsedTime(started), users.Running, visible, inFlight,
                        tracker.OldestAge().TotalSeconds, tracker.Sent, tracker.Finished));
                }
                catch (AmazonSQSException)
                {
                    // A missed sample is a gap in the chart, not a failed run; user requests count failures.
                }
            }
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    private static async Task<(long Visible, long InFlight)> CountAsync(IAmazonSQS sqs, string queueUrl, CancellationToken cancellationToken)
    {
        var response = await sqs.GetQueueAttributesAsync(queueUrl, ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"], cancellationToken).ConfigureAwait(false);
        return (response.ApproximateNumberOfMessages, response.ApproximateNumberOfMessagesNotVisible);
    }
}
