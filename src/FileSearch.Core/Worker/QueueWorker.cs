using System.Collections.Concurrent;
using FileSearch.Core.Errors;
using FileSearch.Core.Ports;
using FileSearch.Core.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FileSearch.Core.Worker;

/// <summary>
/// The queue consumer: receives in batches, processes up to <see cref="WorkerOptions.Concurrency"/> messages at
/// once, extends the visibility of long-running messages (heartbeat), and on stop finishes in-flight work up
/// to the drain deadline, then releases what is left to the queue. With <see cref="WorkerOptions.MaxMessagesPerSecond"/>
/// set, each message waits for its slot of a <see cref="PacingRateLimiter"/> before it is processed. With
/// <see cref="WorkerSlots"/>, a message that only waits for its index commit gives its slot to the next one
/// (<see cref="WorkerOptions.MaxAwaitingCommit"/>); it is acknowledged after the commit all the same.
/// </summary>
public sealed class QueueWorker(
    IMessageQueue queue,
    MessageHandler handler,
    IErrorClassifier classifier,
    IOptions<WorkerOptions> options,
    TimeProvider timeProvider,
    ILogger<QueueWorker> logger,
    DiskSpaceGuard? diskSpace = null,
    WorkerSlots? workerSlots = null)
{
    private readonly ConcurrentDictionary<string, InFlight> _inFlight = new(StringComparer.Ordinal);
    private long _drainDeadlineTicks = long.MaxValue;

    /// <summary>Messages currently being processed by this worker.</summary>
    public int InFlightCount => _inFlight.Count;

    /// <summary>The messages being processed right now (for reporting what an interrupted worker was doing).</summary>
    public IReadOnlyList<QueueMessage> InFlightMessages => _inFlight.Values.Select(i => i.Message).ToList();

    /// <summary>
    /// Caps the coming drain at <paramref name="deadline"/> (a Spot interruption notice): in-flight work that has not
    /// finished by then is released at once. The earliest deadline set wins; <see cref="WorkerOptions.DrainTimeout"/> still applies.
    /// </summary>
    public void LimitDrainUntil(DateTimeOffset deadline)
    {
        var ticks = deadline.UtcTicks;
        long current;
        while (ticks < (current = Interlocked.Read(ref _drainDeadlineTicks))
               && Interlocked.CompareExchange(ref _drainDeadlineTicks, ticks, current) != current)
        {
        }
    }

    /// <summary>How long <see cref="RunUntilIdleAsync"/> waits, with nothing visible, before it asks the queue again.</summary>
    private static readonly TimeSpan IdleReceiveWait = TimeSpan.FromMilliseconds(100);

    /// <summary>Runs until <paramref name="stoppingToken"/> is cancelled, then drains.</summary>
    public Task RunAsync(CancellationToken stoppingToken) => RunCoreAsync(untilIdle: false, stoppingToken);

    /// <summary>Runs until the queue holds no visible or in-flight message (or until stopped), then returns.</summary>
    public Task RunUntilIdleAsync(CancellationToken stoppingToken) => RunCoreAsync(untilIdle: true, stoppingToken);

    private async Task RunCoreAsync(bool untilIdle, CancellationToken stoppingToken)
    {
        var o = options.Value;
        Log.WorkerStarted(logger, o.Concurrency, o.VisibilityTimeout, o.MaxReceiveCount);
        using var slots = new SemaphoreSlim(o.Concurrency, o.Concurrency);
        using var awaiting = new SemaphoreSlim(o.MaxAwaitingCommit, Math.Max(1, o.MaxAwaitingCommit));
        using var processing = new CancellationTokenSource();
        using var heartbeatStop = new CancellationTokenSource();
        using var pace = o.MaxMessagesPerSecond is { } rate ? new PacingRateLimiter(rate, timeProvider) : null;
        var tasks = new ConcurrentDictionary<Task, byte>();
        var heartbeat = HeartbeatAsync(heartbeatStop.Token);
        // Until idle (ingest) receives do not wait: an empty receive waits below for the messages in flight here instead,
        // so the run ends as soon as its last message is done, not a long poll later (a 1 s poll was most of the time a
        // small folder's ingest took).
        var waitTime = untilIdle ? TimeSpan.Zero : o.ReceiveWaitTime;
        var queueErrors = 0;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await slots.WaitAsync(stoppingToken).ConfigureAwait(false);
                if (diskSpace is not null)
                {
                    try
                    {
                        await diskSpace.WaitForSpaceAsync(stoppingToken).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        slots.Release();
                        throw;
                    }
                }

                var reserved = 1;
                while (reserved < o.ReceiveBatchSize && slots.Wait(0, CancellationToken.None))
                {
                    reserved++;
                }

                IReadOnlyList<QueueMessage> messages;
                try
                {
                    messages = await queue.ReceiveAsync(reserved, waitTime, o.VisibilityTimeout, stoppingToken).ConfigureAwait(false);
                    queueErrors = 0;
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    slots.Release(reserved);
                    var delay = TimeSpan.FromSeconds(Math.Min(30, Math.Pow(2, queueErrors++)));
                    Log.QueueError(logger, delay.TotalSeconds, classifier.Classify(ex).Reason);
                    await Task.Delay(delay, timeProvider, stoppingToken).ConfigureAwait(false);
                    continue;
                }

                if (reserved > messages.Count)
                {
                    slots.Release(reserved - messages.Count);
                }

                foreach (var message in messages)
                {
                    var task = ProcessOneAsync(message, new SlotPool(slots, awaiting), pace, processing.Token);
                    tasks.TryAdd(task, 0);
                    _ = task.ContinueWith(t => tasks.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                }

                if (messages.Count == 0)
                {
                    if (untilIdle)
                    {
                        if (tasks.IsEmpty && await IsQueueIdleAsync(stoppingToken).ConfigureAwait(false))
                        {
                            break;
                        }

                        // Nothing visible: wait until a message in flight here is done (the run may be over) or a short while
                        // (a message released for a retry becomes visible again).
                        var inFlight = tasks.Keys.ToArray();
                        var pause = Task.Delay(IdleReceiveWait, timeProvider, stoppingToken);
                        await (inFlight.Length == 0 ? pause : Task.WhenAny(Task.WhenAny(inFlight), pause)).ConfigureAwait(false);
                        continue;
                    }

                    // A queue that answers an empty receive at once must not turn this loop into a synchronous spin.
                    await Task.Yield();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            await DrainAsync(tasks, processing, o.DrainTimeout).ConfigureAwait(false);
            await heartbeatStop.CancelAsync().ConfigureAwait(false);
            await heartbeat.ConfigureAwait(false);
            Log.WorkerStopped(logger);
        }
    }

    private async Task<bool> IsQueueIdleAsync(CancellationToken cancellationToken)
    {
        var counts = await queue.GetCountsAsync(cancellationToken).ConfigureAwait(false);
        return counts.Visible == 0 && counts.InFlight == 0;
    }

    private async Task DrainAsync(ConcurrentDictionary<Task, byte> tasks, CancellationTokenSource processing, TimeSpan drainTimeout)
    {
        var pending = tasks.Keys.ToArray();
        if (pending.Length == 0)
        {
            return;
        }

        var limit = Interlocked.Read(ref _drainDeadlineTicks);
        if (limit != long.MaxValue)
        {
            var untilLimit = new DateTimeOffset(limit, TimeSpan.Zero) - timeProvider.GetUtcNow();
            drainTimeout = untilLimit < drainTimeout ? (untilLimit > TimeSpan.Zero ? untilLimit : TimeSpan.Zero) : drainTimeout;
        }

        Log.Draining(logger, pending.Length, drainTimeout);
        var all = Task.WhenAll(pending);
        var finished = await Task.WhenAny(all, Task.Delay(drainTimeout, timeProvider, CancellationToken.None)).ConfigureAwait(false);
        if (finished != all)
        {
            // Deadline reached: stop the remaining work; ProcessOneAsync releases those messages to the queue.
            await processing.CancelAsync().ConfigureAwait(false);
            await all.ConfigureAwait(false);
        }
    }

    private async Task ProcessOneAsync(QueueMessage message, SlotPool pool, PacingRateLimiter? pace, CancellationToken cancellationToken)
    {
        await Task.Yield();
        // The lease holds the slot taken by the receive loop; it is returned when the message is done (or earlier, while
        // the message waits for its commit).
        using var slot = workerSlots?.Enter(pool.Slots, pool.Awaiting);
        _inFlight[message.ReceiptHandle] = new InFlight(message, timeProvider.GetTimestamp());
        try
        {
            if (pace is not null)
            {
                using var lease = await pace.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
            }

            await handler.HandleAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await ReleaseAsync(message).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The queue itself failed while finishing the message (delete/visibility); it stays in flight and
            // reappears after its visibility timeout, so nothing is lost.
            Log.QueueError(logger, options.Value.VisibilityTimeout.TotalSeconds, classifier.Classify(ex).Reason);
        }
        finally
        {
            _inFlight.TryRemove(message.ReceiptHandle, out _);
            if (slot is null)
            {
                pool.Slots.Release();
            }
        }
    }

    private async Task ReleaseAsync(QueueMessage message)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10), timeProvider);
            await queue.ChangeVisibilityAsync(message.ReceiptHandle, TimeSpan.Zero, timeout.Token).ConfigureAwait(false);
            handler.Finish(message, MessageOutcome.Released, "worker stopping");
            Log.Released(logger, message.MessageId);
        }
        catch (Exception ex)
        {
            Log.HeartbeatFailed(logger, message.MessageId, classifier.Classify(ex).Reason);
        }
    }

    /// <summary>Extends the visibility of messages in flight for more than half their timeout.</summary>
    private async Task HeartbeatAsync(CancellationToken cancellationToken)
    {
        var timeout = options.Value.VisibilityTimeout;
        using var timer = new PeriodicTimer(timeout / 4, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                // On the monotonic clock: a wall clock stepped backwards must not postpone the extension past the timeout.
                var now = timeProvider.GetTimestamp();
                foreach (var (handle, item) in _inFlight)
                {
                    if (timeProvider.GetElapsedTime(item.ExtendedAt, now) < timeout / 2)
                    {
                        continue;
                    }

                    try
                    {
                        await queue.ChangeVisibilityAsync(handle, timeout, cancellationToken).ConfigureAwait(false);
                        _inFlight.TryUpdate(handle, item with { ExtendedAt = now }, item);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        Log.HeartbeatFailed(logger, item.Message.MessageId, classifier.Classify(ex).Reason);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <param name="Slots">The run's processing slots (<see cref="WorkerOptions.Concurrency"/>).</param>
    /// <param name="Awaiting">Places for messages that gave their slot back while awaiting their commit.</param>
    private readonly record struct SlotPool(SemaphoreSlim Slots, SemaphoreSlim Awaiting);

    /// <param name="Message">The message being processed.</param>
    /// <param name="ExtendedAt">When the visibility was last set, a <see cref="TimeProvider.GetTimestamp"/> value.</param>
    private sealed record InFlight(QueueMessage Message, long ExtendedAt);
}
