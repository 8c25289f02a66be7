using System.Net;

namespace FileSearch.Server.Security;

/// <summary>Which addresses the server may listen on: without authentication, loopback only.</summary>
public static class BindPolicy
{
    /// <summary>The URLs from a <c>--urls</c> / <c>Server:Urls</c> value.</summary>
    public static IReadOnlyList<string> Split(string urls) =>
        [.. (urls ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    /// <summary>True when the URL listens on a loopback address only (<c>localhost</c>, 127.0.0.0/8, ::1).</summary>
    public static bool IsLoopback(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        var rest = schemeEnd >= 0 ? url[(schemeEnd + 3)..] : url;
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var authority = slash >= 0 ? rest[..slash] : rest;
        string host;
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']', StringComparison.Ordinal);
            host = close > 0 ? authority[1..close] : authority;
        }
        else
        {
            var colon = authority.LastIndexOf(':');
            host = colon >= 0 ? authority[..colon] : authority;
        }

        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
    }

    /// <summary>The reason the server must not start, or null when it may.</summary>
    public static string? Refusal(IReadOnlyList<string> urls, bool authenticationConfigured)
    {
        ArgumentNullException.ThrowIfNull(urls);
        if (urls.Count == 0)
        {
            return "no address to listen on: set --urls or Server:Urls";
        }

        var exposed = urls.Where(u => !IsLoopback(u)).ToList();
        return exposed.Count == 0 || authenticationConfigured
            ? null
            : $"refusing to listen on {string.Join(", ", exposed)} without authentication: anyone who can reach it would see every document. "
                + "Configure Auth:Oidc (web page) and/or Auth:Jwt (API), or listen on 127.0.0.1 / localhost only";
    }
}
