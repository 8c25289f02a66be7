using FileSearch.Core.Errors;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FileSearch.Server.Api;

/// <summary>
/// Unhandled exceptions as problem details without internals: a dependency that is down is 503 with Retry-After, an input
/// the engines refused is 422, anything else 500; the log keeps the details.
/// </summary>
public sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ArgumentNullException.ThrowIfNull(exception);
        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
        {
            return true;
        }

        var (status, title) = exception switch
        {
            ProcessingException { Kind: FailureKind.Retryable } => (StatusCodes.Status503ServiceUnavailable, "A backend is unavailable; try again shortly"),
            ProcessingException { Kind: FailureKind.Permanent } => (StatusCodes.Status422UnprocessableEntity, "The request could not be processed"),
            BadHttpRequestException bad => (bad.StatusCode, "Bad request"),
            _ => (StatusCodes.Status500InternalServerError, "An unexpected error occurred"),
        };
        if (status >= 500)
        {
            LogFailed(logger, httpContext.Request.Method, httpContext.Request.Path, exception);
        }

        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            httpContext.Response.Headers.RetryAfter = "5";
        }

        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = exception is ProcessingException p ? p.Code : null },
        }).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 8404, Level = LogLevel.Error, Message = "{Method} {Path} failed")]
    private static partial void LogFailed(ILogger logger, string method, PathString path, Exception exception);
}
