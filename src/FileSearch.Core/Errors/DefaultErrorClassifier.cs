using System.Net;
using System.Net.Sockets;

namespace FileSearch.Core.Errors;

/// <summary>
/// The default classifier: <see cref="ProcessingException"/> carries its own kind; I/O, timeouts,
/// socket and HTTP 408/5xx errors are retryable (429 and 503 with the code <c>throttled</c>); argument and
/// format errors are permanent; <see cref="ServiceErrorException"/> goes through <see cref="ServiceErrorCodes"/>.
/// Unknown exceptions are retryable (bounded by the queue's maximum receive count), so a
/// bug never silently deletes a message.
/// </summary>
public sealed class DefaultErrorClassifier : IErrorClassifier
{
    /// <summary>ENOSPC: .NET on Unix gives an I/O error's errno as the exception's HResult.</summary>
    private const int NoSpaceLeft = 28;

    /// <summary>EDQUOT (Linux).</summary>
    private const int QuotaExceeded = 122;

    public FailureClassification Classify(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var root = exception is AggregateException { InnerExceptions.Count: 1 } agg ? agg.InnerExceptions[0] : exception;
        return root switch
        {
            ProcessingException p => new(p.Kind, p.Code, p.Message),
            ServiceErrorException s => ServiceErrorCodes.Classify(s.ErrorCode, s.StatusCode, s.Message,
                () => s.InnerException is { } cause ? Classify(cause) : new(FailureKind.Retryable, "network", s.Message)),
            TimeoutException => new(FailureKind.Retryable, "timeout", root.Message),
            OperationCanceledException => new(FailureKind.Retryable, "timeout", "The operation timed out or was cancelled"),
            HttpRequestException { StatusCode: { } code } when IsRetryableStatus(code) =>
                new(FailureKind.Retryable, IsThrottlingStatus(code) ? FailureCodes.Throttled : "server-error", root.Message),
            HttpRequestException { StatusCode: { } } => new(FailureKind.Permanent, "http-error", root.Message),
            HttpRequestException => new(FailureKind.Retryable, "network", root.Message),
            SocketException => new(FailureKind.Retryable, "network", root.Message),
            FileNotFoundException or DirectoryNotFoundException => new(FailureKind.Permanent, "object-not-found", root.Message),
            UnauthorizedAccessException => new(FailureKind.Permanent, "access-denied", root.Message),
            IOException { HResult: NoSpaceLeft or QuotaExceeded } => new(FailureKind.Retryable, FailureCodes.DiskFull, root.Message),
            IOException => new(FailureKind.Retryable, "io", root.Message),
            FormatException or InvalidDataException or ArgumentException or NotSupportedException =>
                new(FailureKind.Permanent, "invalid-input", root.Message),
            OutOfMemoryException or InsufficientExecutionStackException =>
                new(FailureKind.Permanent, "resource-exhausted", root.Message),
            _ => new(FailureKind.Retryable, "unexpected", $"{root.GetType().Name}: {root.Message}"),
        };
    }

    /// <summary>429 Too Many Requests and 503 Service Unavailable: the service asks the caller to slow down.</summary>
    public static bool IsThrottlingStatus(HttpStatusCode code) =>
        code is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable;

    private static bool IsRetryableStatus(HttpStatusCode code) =>
        code == HttpStatusCode.TooManyRequests || code == HttpStatusCode.RequestTimeout || (int)code >= 500;
}
