using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using FileSearch.Core.Errors;

namespace FileSearch.Aws.Internals;

/// <summary>
/// Maps S3 failures to the pipeline's error kinds: missing objects and buckets and denied access are permanent
/// (retrying cannot help), throttling, 5xx, timeouts and broken connections are retryable.
/// See https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html
/// </summary>
internal static class S3Errors
{
    public static bool IsNotFound(AmazonServiceException ex) =>
        ex.StatusCode == HttpStatusCode.NotFound && ex.ErrorCode is not "NoSuchBucket";

    /// <summary>Returns the classified exception, or null when <paramref name="error"/> is not an S3/transport failure.</summary>
    public static ProcessingException? Classify(Exception error, string bucket, string key)
    {
        var where = $"s3://{bucket}/{key}";
        return error switch
        {
            AmazonServiceException { ErrorCode: "NoSuchBucket" } e =>
                ProcessingException.Permanent("bucket-not-found", $"Bucket '{bucket}' does not exist", e),
            AmazonServiceException { ErrorCode: "NoSuchKey" } e =>
                ProcessingException.Permanent("object-not-found", $"Object {where} does not exist (deleted after the event?)", e),
            AmazonServiceException e when IsNotFound(e) =>
                ProcessingException.Permanent("object-not-found", $"Object {where} does not exist (deleted after the event?)", e),
            AmazonServiceException { ErrorCode: "AccessDenied" or "AllAccessDisabled" or "InvalidAccessKeyId" or "SignatureDoesNotMatch" } e =>
                ProcessingException.Permanent("access-denied", $"Access to {where} was denied; check the instance role's S3 permissions", e),
            AmazonServiceException { StatusCode: HttpStatusCode.Forbidden } e =>
                ProcessingException.Permanent("access-denied", $"Access to {where} was denied; check the instance role's S3 permissions", e),
            AmazonServiceException { ErrorCode: "SlowDown" or "RequestTimeout" or "InternalError" or "ServiceUnavailable" } e =>
                ProcessingException.Retryable("s3-unavailable", $"S3 is throttling or unavailable for {where} ({e.ErrorCode}); will retry", e),
            AmazonServiceException { StatusCode: >= HttpStatusCode.InternalServerError } e =>
                ProcessingException.Retryable("s3-unavailable", $"S3 answered {(int)e.StatusCode} for {where}; will retry", e),
            HttpRequestException or SocketException or IOException or TimeoutException or TaskCanceledException =>
                ProcessingException.Retryable("s3-connection", $"Connection to S3 failed for {where}: {error.Message}", error),
            AmazonClientException =>
                ProcessingException.Retryable("s3-connection", $"S3 client failed for {where}: {error.Message}", error),
            _ => null,
        };
    }
}
