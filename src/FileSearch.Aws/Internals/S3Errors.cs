using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using FileSearch.Core.Errors;

namespace FileSearch.Aws.Internals;

/// <summary>
/// Turns S3 failures into <see cref="ProcessingException"/>s with a message naming the object: the kind comes from
/// the one <see cref="AwsErrorClassifier"/> (missing objects and buckets and denied access permanent; throttling,
/// 5xx, timeouts and broken connections retryable). See https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html
/// </summary>
internal static class S3Errors
{
    private static readonly AwsErrorClassifier Classifier = new();

    public static bool IsNotFound(AmazonServiceException ex) =>
        ex.StatusCode == HttpStatusCode.NotFound && ex.ErrorCode is not "NoSuchBucket";

    /// <summary>Returns the classified exception, or null when <paramref name="error"/> is not an S3/transport failure.</summary>
    public static ProcessingException? Classify(Exception error, string bucket, string key)
    {
        if (error is not (AmazonServiceException or AmazonClientException or HttpRequestException or SocketException
            or IOException or TimeoutException or TaskCanceledException))
        {
            return null;
        }

        var where = $"s3://{bucket}/{key}";
        var c = Classifier.Classify(error);
        var detail = error is AmazonServiceException { ErrorCode: { Length: > 0 } code } ? code : error.Message;
        return (c.Kind, c.Code, error) switch
        {
            (_, "bucket-not-found", _) =>
                ProcessingException.Permanent(c.Code, $"Bucket '{bucket}' does not exist", error),
            (_, "object-not-found", _) =>
                ProcessingException.Permanent(c.Code, $"Object {where} does not exist (deleted after the event?)", error),
            (_, "access-denied", _) =>
                ProcessingException.Permanent(c.Code, $"Access to {where} was denied; check the instance role's S3 permissions", error),
            (FailureKind.Retryable, _, AmazonServiceException) =>
                ProcessingException.Retryable("s3-unavailable", $"S3 is throttling or unavailable for {where} ({detail}); will retry", error),
            (FailureKind.Retryable, _, _) =>
                ProcessingException.Retryable("s3-connection", $"Connection to S3 failed for {where}: {error.Message}", error),
            _ => new ProcessingException(c.Kind, c.Code, $"S3 rejected the request for {where}: {detail}", error),
        };
    }
}
