using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace FileSearch.Server.Security;

/// <summary>Headers on every response: a strict CSP (no inline script, no framing), no MIME sniffing, no referrer.</summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; "
        + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>
    /// The API reference page (Scalar) sets styles from script; scripts stay <c>'self'</c> only.
    /// </summary>
    public const string ApiReferencePolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
        + "connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var headers = context.Response.Headers;
        var path = context.Request.Path;
        headers.ContentSecurityPolicy = path.StartsWithSegments("/scalar", StringComparison.Ordinal) || path.Equals("/api-reference.html", StringComparison.Ordinal)
            ? ApiReferencePolicy
            : ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        await next(context).ConfigureAwait(false);
    });
}
