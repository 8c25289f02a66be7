using Microsoft.Extensions.Logging;

namespace FileSearch.Aws.Internals;

/// <summary>Log messages of the AWS adapters (event ids 6000-6099).</summary>
internal static partial class Log
{
    [LoggerMessage(6000, LogLevel.Information, "Queue {QueueUrl} dead-letters to {DeadLetterQueueUrl} after {MaxReceiveCount} receives")]
    public static partial void RedrivePolicy(ILogger logger, string queueUrl, string? deadLetterQueueUrl, int? maxReceiveCount);

    [LoggerMessage(6001, LogLevel.Warning, "Queue {QueueUrl} has no redrive policy: poison messages are dead-lettered by the worker only")]
    public static partial void NoRedrivePolicy(ILogger logger, string queueUrl);

    [LoggerMessage(6002, LogLevel.Warning, "Message {MessageId} was received {ReceiveCount} times (maximum {MaxReceiveCount}); dead-lettering it")]
    public static partial void ClientSideDeadLetter(ILogger logger, string messageId, int receiveCount, int maxReceiveCount);

    [LoggerMessage(6003, LogLevel.Debug, "Stale receipt handle ignored: {Error}")]
    public static partial void StaleReceipt(ILogger logger, string error);

    [LoggerMessage(6004, LogLevel.Information, "Dead letter {MessageId} was moved twice (a lost reply or a failed delete); removed the copy {CopyId}")]
    public static partial void DeadLetterCopyRemoved(ILogger logger, string messageId, string copyId);

    [LoggerMessage(6010, LogLevel.Debug, "Uploaded s3://{Bucket}/{Key} in {Parts} parts ({Bytes} bytes)")]
    public static partial void MultipartUploaded(ILogger logger, string bucket, string key, int parts, long bytes);

    [LoggerMessage(6020, LogLevel.Information, "Text of document {DocumentId} cut from {Bytes} to {MaxBytes} bytes to fit a DynamoDB item")]
    public static partial void TextCut(ILogger logger, string documentId, int bytes, int maxBytes);

    [LoggerMessage(6021, LogLevel.Debug, "Text of document {DocumentId} ({Bytes} bytes) stored in s3://{Bucket}/{Key}")]
    public static partial void TextInS3(ILogger logger, string documentId, int bytes, string bucket, string key);

    [LoggerMessage(6022, LogLevel.Debug, "Member list of document {DocumentId} ({Count} ids) outgrew its item's inline text; the record is put again")]
    public static partial void ChildIdsRewritten(ILogger logger, string documentId, int count);

    [LoggerMessage(6030, LogLevel.Information, "Spot monitor off: instance metadata service does not answer at {Endpoint}")]
    public static partial void ImdsUnavailable(ILogger logger, Uri endpoint);

    [LoggerMessage(6031, LogLevel.Warning, "Spot interruption notice: {Action} at {Time}; draining with {Remaining} left")]
    public static partial void InterruptionNotice(ILogger logger, string action, DateTimeOffset time, TimeSpan remaining);

    [LoggerMessage(6032, LogLevel.Information, "Rebalance recommendation at {Time}")]
    public static partial void RebalanceRecommendation(ILogger logger, DateTimeOffset time);

    [LoggerMessage(6033, LogLevel.Debug, "Instance metadata poll failed: {Error}")]
    public static partial void ImdsPollFailed(ILogger logger, string error);

    [LoggerMessage(6034, LogLevel.Warning, "The previous run was interrupted while processing {Count} messages: {Messages}")]
    public static partial void PreviousRunInterrupted(ILogger logger, int count, string messages);

    [LoggerMessage(6035, LogLevel.Warning, "Flushing {Component} after the drain failed: {Error}")]
    public static partial void FlushFailed(ILogger logger, string component, string error);

    [LoggerMessage(6036, LogLevel.Information, "Drain over: flushed {Components} components, recorded {Count} messages that were in flight")]
    public static partial void ShutdownFlushed(ILogger logger, int components, int count);
}
