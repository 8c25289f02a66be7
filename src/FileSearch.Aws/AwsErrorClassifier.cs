using Amazon.Runtime;
using FileSearch.Core.Errors;

namespace FileSearch.Aws;

/// <summary>
/// The one classifier when AWS backends are used: AWS service errors by error code and HTTP status through
/// <see cref="ServiceErrorCodes"/> (throttling is retryable with the code <c>throttled</c>; 5xx and timeouts retryable;
/// validation, missing resources and denied access permanent; an expired SQS receipt handle <c>stale-receipt</c>), SDK
/// client errors by their cause, everything else as <see cref="DefaultErrorClassifier"/> does. <see cref="AwsServiceCollectionExtensions.AddAwsBackends"/> registers it
/// in place of the default.
/// </summary>
public sealed class AwsErrorClassifier : IErrorClassifier
{
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

    // Modelled exceptions (ProvisionedThroughputExceededException, ...) are named after their error code. No status: the
    // request never got an answer (connection dropped mid-response); a retry may succeed.
    private FailureClassification ClassifyService(AmazonServiceException e) =>
        ServiceErrorCodes.Classify(string.IsNullOrEmpty(e.ErrorCode) ? e.GetType().Name : e.ErrorCode,
            e.StatusCode == 0 ? null : e.StatusCode, $"{Describe(e)}: {e.Message}",
            () => e.InnerException is { } cause ? _fallback.Classify(cause) : new(FailureKind.Retryable, "aws-error", $"{Describe(e)}: {e.Message}"));

    private static string Describe(AmazonServiceException e) =>
        string.IsNullOrEmpty(e.ErrorCode) ? $"AWS answered {(int)e.StatusCode}" : $"AWS answered {(int)e.StatusCode} {e.ErrorCode}";
}
