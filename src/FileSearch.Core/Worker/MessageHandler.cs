using System.Diagnostics;
using FileSearch.Core.Errors;
using FileSearch.Core.Messages;
using FileSearch.Core.Pipeline;
using FileSearch.Core.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FileSearch.Core.Worker;

/// <summary>
/// Handles one queue message: parses it, processes its events, then deletes it, schedules a retry with a
/// backoff that grows with the receive count, or dead-letters it with the reason. A message is deleted only
/// when every event in it was processed.
/// </summary>
public sealed class MessageHandler(
    IMessageQueue queue,
    DocumentProcessor processor,
    DocumentLifecycle lifecycle,
    IEnumerable<IProcessingObserver> observers,
    IOptions<WorkerOptions> options,
    ILogger<MessageHandler> logger)
{
    private readonly IProcessingObserver[] _observers = [.. observers];

    public async Task<MessageOutcome> HandleAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var activity = WorkerTelemetry.StartProcess(message);
        ParsedMessage parsed;
        try
        {
            parsed = FileEventParser.Parse(message.Body);
        }
        catch (ProcessingException ex)
        {
            return await DeadLetterAsync(message, $"{ex.Code}: {ex.Message}", cancellationToken).ConfigureAwait(false);
        }

        if (parsed.IsTestEvent)
        {
            await queue.DeleteAsync(message.ReceiptHandle, cancellationToken).ConfigureAwait(false);
            Log.TestEventIgnored(logger, message.MessageId);
            return Finish(message, MessageOutcome.Ignored, null);
        }

        foreach (var fileEvent in parsed.Events)
        {
            var result = await processor.ProcessAsync(fileEvent, cancellationToken).ConfigureAwait(false);
            foreach (var observer in _observers)
            {
                observer.OnFileProcessed(result);
            }

            if (result.Failure is { } failure)
            {
                activity?.SetStatus(ActivityStatusCode.Error, failure.Reason);
                var reason = $"{failure.Code}: {failure.Reason} [{fileEvent.Bucket}/{fileEvent.Key}]";
                if (failure.Kind == FailureKind.Permanent)
                {
                    return await DeadLetterAsync(message, reason, cancellationToken).ConfigureAwait(false);
                }

                var max = options.Value.MaxReceiveCount;
                if (message.ReceiveCount >= max)
                {
                    await lifecycle.MarkFailedAsync(fileEvent, failure, cancellationToken).ConfigureAwait(false);
                    return await DeadLetterAsync(message, $"gave up after {message.ReceiveCount} attempts: {reason}", cancellationToken).ConfigureAwait(false);
                }

                var delay = RetryDelay(message.ReceiveCount);
                await queue.ChangeVisibilityAsync(message.ReceiptHandle, delay, cancellationToken).ConfigureAwait(false);
                Log.RetryScheduled(logger, message.MessageId, delay.TotalSeconds, message.ReceiveCount, max, reason);
                return Finish(message, MessageOutcome.Retrying, reason);
            }
        }

        await queue.DeleteAsync(message.ReceiptHandle, cancellationToken).ConfigureAwait(false);
        return Finish(message, MessageOutcome.Completed, null);
    }

    /// <summary>Retry delay after the given receive: base × 2^(receive-1), capped.</summary>
    public TimeSpan RetryDelay(int receiveCount)
    {
        var o = options.Value;
        var exponent = Math.Clamp(receiveCount - 1, 0, 30);
        var ticks = Math.Min(o.RetryBaseDelay.Ticks * Math.Pow(2, exponent), o.RetryMaxDelay.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }

    internal MessageOutcome Finish(QueueMessage message, MessageOutcome outcome, string? reason)
    {
        foreach (var observer in _observers)
        {
            observer.OnMessageFinished(message, outcome, reason);
        }

        return outcome;
    }

    private async Task<MessageOutcome> DeadLetterAsync(QueueMessage message, string reason, CancellationToken cancellationToken)
    {
        await queue.DeadLetterAsync(message, reason, cancellationToken).ConfigureAwait(false);
        Log.DeadLettered(logger, message.MessageId, message.ReceiveCount, reason);
        return Finish(message, MessageOutcome.DeadLettered, reason);
    }
}
