using System.Globalization;
using System.Net.Http.Headers;
using Amazon.Runtime.Internal.Auth;

namespace FileSearch.Aws.Signing;

/// <summary>
/// Signs each outgoing request with AWS Signature Version 4
/// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html) using
/// AWSSDK.Core's canonicalisation and signature code. Adds <c>x-amz-date</c>, <c>x-amz-content-sha256</c>
/// (when <paramref name="includeContentSha256"/>) and <c>x-amz-security-token</c> for temporary credentials.
/// The body is buffered to hash it, so use it for JSON/form APIs, not for large uploads.
/// </summary>
public sealed class SigV4SigningHandler(
    IAwsCredentialsSource credentials,
    string service,
    string region,
    TimeProvider timeProvider,
    bool includeContentSha256 = true) : DelegatingHandler
{
    public string Service { get; } = service;

    public string Region { get; } = region;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await SignAsync(request, cancellationToken).ConfigureAwait(false);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Adds the SigV4 headers to <paramref name="request"/> (exposed for tests and pre-signing callers).</summary>
    public async Task SignAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var uri = request.RequestUri ?? throw new InvalidOperationException("request has no URI");
        var creds = await credentials.GetCredentialsAsync(cancellationToken).ConfigureAwait(false);
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var bodyHash = Convert.ToHexStringLower(AWS4Signer.ComputeHash(body));
        var signedAt = timeProvider.GetUtcNow().UtcDateTime;
        var amzDate = signedAt.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

        foreach (var name in new[] { "x-amz-date", "x-amz-content-sha256", "x-amz-security-token", "Authorization" })
        {
            request.Headers.Remove(name);
        }

        request.Headers.TryAddWithoutValidation("x-amz-date", amzDate);
        if (includeContentSha256)
        {
            request.Headers.TryAddWithoutValidation("x-amz-content-sha256", bodyHash);
        }

        if (creds.UseToken)
        {
            request.Headers.TryAddWithoutValidation("x-amz-security-token", creds.Token);
        }

        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["host"] = uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}",
        };
        foreach (var header in request.Headers.Where(h => h.Key.StartsWith("x-amz-", StringComparison.OrdinalIgnoreCase)))
        {
            headers[header.Key.ToLowerInvariant()] = string.Join(",", header.Value);
        }

        if (request.Content?.Headers.ContentType is MediaTypeHeaderValue contentType)
        {
            headers["content-type"] = contentType.ToString();
        }

        var signedHeaders = string.Join(";", headers.Keys);
        var canonicalRequest = string.Join('\n',
            request.Method.Method.ToUpperInvariant(),
            CanonicalPath(uri),
            CanonicalQuery(uri),
            string.Concat(headers.Select(h => $"{h.Key}:{h.Value.Trim()}\n")),
            signedHeaders,
            bodyHash);
        var result = AWS4Signer.ComputeSignature(creds, Region, signedAt, Service, signedHeaders, canonicalRequest);
        request.Headers.TryAddWithoutValidation("Authorization", result.ForAuthorizationHeader);
    }

    /// <summary>
    /// The path with each segment URI-encoded twice (once by the URI, once more here), as SigV4 requires for
    /// every service except S3.
    /// </summary>
    internal static string CanonicalPath(Uri uri)
    {
        var path = uri.AbsolutePath;
        if (path.Length == 0 || path == "/")
        {
            return "/";
        }

        return string.Join('/', path.Split('/').Select(Uri.EscapeDataString));
    }

    /// <summary>Query parameters RFC 3986-encoded and sorted by name, then value, as SigV4 requires.</summary>
    internal static string CanonicalQuery(Uri uri)
    {
        var query = uri.Query.TrimStart('?');
        if (query.Length == 0)
        {
            return string.Empty;
        }

        return string.Join("&", query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair =>
            {
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                var name = Uri.UnescapeDataString((eq < 0 ? pair : pair[..eq]).Replace('+', ' '));
                var value = eq < 0 ? string.Empty : Uri.UnescapeDataString(pair[(eq + 1)..].Replace('+', ' '));
                return (Name: Uri.EscapeDataString(name), Value: Uri.EscapeDataString(value));
            })
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => p.Name + "=" + p.Value));
    }
}
