using System.Net;
using System.Net.Sockets;
using FileSearch.Core.Errors;

namespace FileSearch.Core.Tests.Errors;

[Trait("Category", "Unit")]
public class DefaultErrorClassifierTests
{
    public static TheoryData<Exception, FailureKind, string> Cases => new()
    {
        { ProcessingException.Permanent("corrupt-pdf", "bad"), FailureKind.Permanent, "corrupt-pdf" },
        { ProcessingException.Retryable("throttled", "slow down"), FailureKind.Retryable, "throttled" },
        { new TimeoutException("t"), FailureKind.Retryable, "timeout" },
        { new TaskCanceledException("t"), FailureKind.Retryable, "timeout" },
        { new HttpRequestException("429", null, HttpStatusCode.TooManyRequests), FailureKind.Retryable, "throttled" },
        { new HttpRequestException("503", null, HttpStatusCode.ServiceUnavailable), FailureKind.Retryable, "throttled" },
        { new HttpRequestException("502", null, HttpStatusCode.BadGateway), FailureKind.Retryable, "server-error" },
        { new HttpRequestException("408", null, HttpStatusCode.RequestTimeout), FailureKind.Retryable, "server-error" },
        { new HttpRequestException("dns", new SocketException((int)SocketError.HostNotFound)), FailureKind.Retryable, "network" },
        { new TaskCanceledException("HttpClient.Timeout", new TimeoutException("100 s")), FailureKind.Retryable, "timeout" },
        { new HttpRequestException("404", null, HttpStatusCode.NotFound), FailureKind.Permanent, "http-error" },
        { new HttpRequestException("no route"), FailureKind.Retryable, "network" },
        { new SocketException((int)SocketError.ConnectionReset), FailureKind.Retryable, "network" },
        { new FileNotFoundException("gone"), FailureKind.Permanent, "object-not-found" },
        { new UnauthorizedAccessException("no"), FailureKind.Permanent, "access-denied" },
        { new IOException("locked"), FailureKind.Retryable, "io" },
        { new InvalidDataException("bad"), FailureKind.Permanent, "invalid-input" },
        { new FormatException("bad"), FailureKind.Permanent, "invalid-input" },
        { new OutOfMemoryException(), FailureKind.Permanent, "resource-exhausted" },
        { new InvalidOperationException("bug"), FailureKind.Retryable, "unexpected" },
        { new AggregateException(new TimeoutException("inner")), FailureKind.Retryable, "timeout" },

        // HTTP services with AWS-style error codes (Bedrock, OpenSearch) share the AWS table.
        { new ServiceErrorException("ThrottlingException", HttpStatusCode.TooManyRequests, "slow"), FailureKind.Retryable, "throttled" },
        { new ServiceErrorException(null, HttpStatusCode.ServiceUnavailable, "busy"), FailureKind.Retryable, "throttled" },
        { new ServiceErrorException("ModelTimeoutException", HttpStatusCode.RequestTimeout, "slow model"), FailureKind.Retryable, "server-error" },
        { new ServiceErrorException("InternalServerException", HttpStatusCode.InternalServerError, "oops"), FailureKind.Retryable, "server-error" },
        { new ServiceErrorException("ValidationException", HttpStatusCode.BadRequest, "bad image"), FailureKind.Permanent, "invalid-input" },
        { new ServiceErrorException("AccessDeniedException", HttpStatusCode.Forbidden, "no"), FailureKind.Permanent, "access-denied" },
        { new ServiceErrorException("ResourceNotFoundException", HttpStatusCode.NotFound, "no model"), FailureKind.Permanent, "object-not-found" },
        { new ServiceErrorException(null, HttpStatusCode.Conflict, "conflict"), FailureKind.Permanent, "aws-error" },
        { new ServiceErrorException(null, null, "dropped", new IOException("eof")), FailureKind.Retryable, "io" },
        { new ServiceErrorException("dropped"), FailureKind.Retryable, "network" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Classify_KnownException_ReturnsExpectedKindAndCode(Exception exception, FailureKind kind, string code)
    {
        var result = new DefaultErrorClassifier().Classify(exception);

        Assert.Equal(kind, result.Kind);
        Assert.Equal(code, result.Code);
        Assert.False(string.IsNullOrWhiteSpace(result.Reason));
    }
}
