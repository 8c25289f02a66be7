using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;

namespace FileSearch.Server.Security;

/// <summary>
/// State-changing requests authenticated by something the browser sends by itself (the sign-in cookie, or being on this
/// machine) must carry the antiforgery token; API keys and bearer tokens cannot be sent by another site and need none.
/// </summary>
public sealed class AntiforgeryForCookiesFilter(IAntiforgery antiforgery) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var request = context.HttpContext.Request;
        var ambient = ApiKeyAuthenticationHandler.KeyOf(request) is null && string.IsNullOrEmpty(request.Headers.Authorization);
        if (ambient && !await antiforgery.IsRequestValidAsync(context.HttpContext).ConfigureAwait(false))
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Missing or invalid antiforgery token",
                detail: "Send the token from GET /api/v1/antiforgery in its header.");
        }

        return await next(context).ConfigureAwait(false);
    }
}
