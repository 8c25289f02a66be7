using System.Net;

namespace FileSearch.Core.Errors;

/// <summary>
/// The one table of service error codes (AWS and AWS-style HTTP services): throttling is retryable with the code
/// <see cref="FailureCodes.Throttled"/>; 5xx, 408 and timeouts retryable; validation, missing resources and denied
/// access permanent. Used by <see cref="DefaultErrorClassifier"/> for <see cref="ServiceErrorException"/> and by the AWS
/// classifier for the SDK's exceptions.
/// </summary>
public static class ServiceErrorCodes
{
    private static readonly HashSet<string> ThrottlingCodes = new(StringComparer.Ordinal)
    {
        "ThrottlingException", "Throttling", "ThrottledException", "ProvisionedThroughputExceededException",
        "RequestLimitExceeded", "TooManyRequestsException", "SlowDown", "RequestThrottled", "RequestThrottledException",
        "LimitExceededException", "TransactionInProgressException", "BandwidthLimitExceeded",
        "AWS.SimpleQueueService.RequestThrottled",
    };

    private static readonly HashSet<string> TransientCodes = new(StringComparer.Ordinal)
    {
        "RequestTimeout", "RequestTimeoutException", "InternalError", "InternalFailure", "InternalServerError",
        "ServiceUnavailable", "ServiceUnavailableException", "InternalServerErrorException", "InternalServerException",
        "ModelNotReadyException", "ModelTimeoutException",
    };

    private static readonly HashSet<string> AccessCodes = new(StringComparer.Ordinal)
    {
        "AccessDenied", "AccessDeniedException", "AllAccessDisabled", "InvalidAccessKeyId", "SignatureDoesNotMatch",
        "UnrecognizedClientException", "InvalidClientTokenId", "ExpiredToken", "ExpiredTokenException",
        "MissingAuthenticationToken", "IncompleteSignature", "AuthFailure",
    };

    private static readonly HashSet<string> NotFoundCodes = new(StringComparer.Ordinal)
    {
        "NoSuchKey", "NotFound", "ResourceNotFoundException", "QueueDoesNotExist", "AWS.SimpleQueueService.NonExistentQueue",
    };

    private static readonly HashSet<string> StaleReceiptCodes = new(StringComparer.Ordinal)
    {
        "ReceiptHandleIsInvalid", "ReceiptHandleIsInvalidException", "MessageNotInflight", "MessageNotInflightException",
        "AWS.SimpleQueueService.MessageNotInflight",
    };

    private static readonly HashSet<string> InvalidInputCodes = new(StringComparer.Ordinal)
    {
        "ValidationException", "ValidationError", "InvalidParameterValue", "InvalidParameterCombination",
        "InvalidParameterException", "MissingParameter", "MalformedXML", "InvalidArgument", "InvalidRequest",
        "SerializationException", "InvalidMessageContents", "EntityTooLarge", "KeyTooLongError", "ItemCollectionSizeLimitExceededException",
    };

    /// <summary>
    /// Classifies a service's error answer. <paramref name="noAnswer"/> classifies the case of no HTTP status and no
    /// known code (the request never got an answer); null: retryable.
    /// </summary>
    public static FailureClassification Classify(string? errorCode, HttpStatusCode? status, string reason, Func<FailureClassification>? noAnswer = null)
    {
        var code = errorCode ?? string.Empty;
        if (ThrottlingCodes.Contains(code) || status is { } s && DefaultErrorClassifier.IsThrottlingStatus(s))
        {
            return new(FailureKind.Retryable, FailureCodes.Throttled, reason);
        }

        // SQS reports an expired receipt handle as InvalidParameterValue naming the parameter "ReceiptHandle".
        if (StaleReceiptCodes.Contains(code)
            || (code == "InvalidParameterValue" && reason.Replace(" ", string.Empty, StringComparison.Ordinal).Contains("receipthandle", StringComparison.OrdinalIgnoreCase)))
        {
            return new(FailureKind.Permanent, FailureCodes.StaleReceipt, reason);
        }

        var known = code switch
        {
            "NoSuchBucket" => new FailureClassification(FailureKind.Permanent, "bucket-not-found", reason),
            _ when NotFoundCodes.Contains(code) => new(FailureKind.Permanent, "object-not-found", reason),
            _ when AccessCodes.Contains(code) => new(FailureKind.Permanent, "access-denied", reason),
            _ when InvalidInputCodes.Contains(code) => new(FailureKind.Permanent, "invalid-input", reason),
            _ when TransientCodes.Contains(code) => new(FailureKind.Retryable, "server-error", reason),
            _ => null,
        };
        return known ?? status switch
        {
            >= HttpStatusCode.InternalServerError or HttpStatusCode.RequestTimeout => new(FailureKind.Retryable, "server-error", reason),
            HttpStatusCode.NotFound => new(FailureKind.Permanent, "object-not-found", reason),
            HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized => new(FailureKind.Permanent, "access-denied", reason),
            >= HttpStatusCode.BadRequest => new(FailureKind.Permanent, "aws-error", reason),
            _ => noAnswer?.Invoke() ?? new(FailureKind.Retryable, "aws-error", reason),
        };
    }
}
