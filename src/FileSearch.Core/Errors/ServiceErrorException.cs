using System.Net;

namespace FileSearch.Core.Errors;

/// <summary>
/// An error answer of a remote service called over plain HTTP (Bedrock, OpenSearch): its HTTP status and the
/// service's error code (e.g. <c>ThrottlingException</c> from <c>x-amzn-ErrorType</c>). Classified by
/// <see cref="ServiceErrorCodes.Classify"/>, the same table the AWS SDK adapters use.
/// </summary>
public sealed class ServiceErrorException : Exception
{
    public ServiceErrorException()
        : this(null, null, "The service answered with an error")
    {
    }

    public ServiceErrorException(string message)
        : this(null, null, message)
    {
    }

    public ServiceErrorException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ServiceErrorException(string? errorCode, HttpStatusCode? statusCode, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ErrorCode = errorCode;
        StatusCode = statusCode;
    }

    /// <summary>The service's error code, when it sent one.</summary>
    public string? ErrorCode { get; }

    /// <summary>The HTTP status, when an answer arrived.</summary>
    public HttpStatusCode? StatusCode { get; }
}
