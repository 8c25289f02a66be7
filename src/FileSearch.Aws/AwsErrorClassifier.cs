using System.Net;
using Amazon.Runtime;
using FileSearch.Core.Errors;

namespace FileSearch.Aws;

/// <summary>
/// The one classifier when AWS backends are used: AWS service errors by error code and HTTP status
/// (throttling is retryable with the code <c>throttled</c>; 5xx and timeouts retryable; validation, missing
/// resources and denied access permanent), SDK client errors by their cause, everything else as
/// <see cref="DefaultErrorClassifier"/> does. <see cref="AwsServiceCollectionExtensions.AddAwsBackends"/> registers it
/// in place of the default.
/// </summary>
public sealed class AwsErrorClassifier : IErrorClassifier
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
        "ServiceUnavailable", "ServiceUnavailableException", "InternalServerErrorException", "ModelNotReadyException",
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

    private static readonly HashSet<string> InvalidInputCodes = new(StringComparer.Ordinal)
    {
        "ValidationException", "ValidationError", "InvalidParameterValue", "InvalidParameterCombination",
        "InvalidParameterException", "MissingParameter", "MalformedXML", "InvalidArgument", "InvalidRequest",
        "SerializationException", "InvalidMessageContents", "EntityTooLarge", "KeyTooLongError", "ItemCollectionSizeLimitExceededException",
    };

    private readonly DefaultErrorClassifier _fallback = new();

    public FailureClassification Classify(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var root = exception is AggregateException { InnerExceptions.Count: 1 } agg ? agg.InnerExceptions[0] : exception;
        return root switch
        {
            ProcessingException => _fallback.Classify(root),
            AmazonServiceException service => ClassifyService(service),
            AmazonClientException { InnerException: { } cause } => _fallback.Classify(cause),
            AmazonClientException client => new(FailureKind.Retryable, "network", $"AWS client failed: {client.Message}"),
            { InnerException: AmazonServiceException inner } when root is not OperationCanceledException => ClassifyService(inner),
            _ => _fallback.Classify(root),
        };
    }

    private FailureClassification ClassifyService(AmazonServiceException e)
    {
        // Modelled exceptions (ProvisionedThroughputExceededException, ...) are named after their error code.
        var code = string.IsNullOrEmpty(e.ErrorCode) ? e.GetType().Name : e.ErrorCode;
        var reason = $"{Describe(e)}: {e.Message}";
        if (ThrottlingCodes.Contains(code) || DefaultErrorClassifier.IsThrottlingStatus(e.StatusCode))
        {
            return new(FailureKind.Retryable, "throttled", reason);
        }

        if (code == "NoSuchBucket")
        {
            return new(FailureKind.Permanent, "bucket-not-found", reason);
        }

        if (NotFoundCodes.Contains(code))
        {
            return new(FailureKind.Permanent, "object-not-found", reason);
        }

        if (AccessCodes.Contains(code))
        {
            return new(FailureKind.Permanent, "access-denied", reason);
        }

        if (InvalidInputCodes.Contains(code))
        {
            return new(FailureKind.Permanent, "invalid-input", reason);
        }

        if (TransientCodes.Contains(code) || (int)e.StatusCode >= 500 || e.StatusCode == HttpStatusCode.RequestTimeout)
        {
            return new(FailureKind.Retryable, "server-error", reason);
        }

        return e.StatusCode switch
        {
            HttpStatusCode.NotFound => new(FailureKind.Permanent, "object-not-found", reason),
            HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized => new(FailureKind.Permanent, "access-denied", reason),
            >= HttpStatusCode.BadRequest => new(FailureKind.Permanent, "aws-error", reason),

            // No status: the request never got an answer (connection dropped mid-response); a retry may succeed.
            _ => e.InnerException is { } cause ? _fallback.Classify(cause) : new(FailureKind.Retryable, "aws-error", reason),
        };
    }

    private static string Describe(AmazonServiceException e) =>
        string.IsNullOrEmpty(e.ErrorCode) ? $"AWS answered {(int)e.StatusCode}" : $"AWS answered {(int)e.StatusCode} {e.ErrorCode}";
}
