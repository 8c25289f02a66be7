using FileSearch.Core.Security;
using FileSearch.Server.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FileSearch.Server.Api;

/// <summary>The caller of a request, as every endpoint receives it.</summary>
public static class CallerAccessor
{
    /// <summary>The authenticated caller; endpoints only run for authenticated requests (the fallback policy).</summary>
    public static Caller Caller(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = context.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value;
        return CallerClaims.From(context.User, options)
            ?? throw new InvalidOperationException("the request reached an endpoint without an authenticated caller");
    }
}
