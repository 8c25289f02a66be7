using System.ComponentModel.DataAnnotations;

namespace FileSearch.Server;

/// <summary>Settings of the search service (section <c>Server</c>).</summary>
public sealed class ServerOptions
{
    public const string SectionName = "Server";

    /// <summary>Where to listen, separated by ';' (<c>--urls</c>). Without authentication only loopback addresses are allowed.</summary>
    [Required]
    public string Urls { get; set; } = "http://127.0.0.1:8080";

    /// <summary>Longest query text accepted, in characters.</summary>
    [Range(1, 10_000)]
    public int MaxQueryLength { get; set; } = 500;

    /// <summary>
    /// How long the duplicate candidates of the indexed documents (hashes, text signatures, paths, permissions) read for
    /// <c>/documents/{id}/duplicates</c> are reused, in seconds (0: read for every request). Members are checked against
    /// their current records before they are returned.
    /// </summary>
    [Range(0, 3_600)]
    public int DuplicatesCacheSeconds { get; set; } = 60;

    /// <summary>
    /// Most seconds one refresh of the duplicate candidates spends on k-NN lookups of images not looked up before (one scan
    /// each: milliseconds, tens of them at a million images). The images left over are looked up by the next refreshes and
    /// join their groups then, so no request waits for every picture of a large share. Default 5.
    /// </summary>
    [Range(1, 86_400)]
    public int DuplicateImageLookupSeconds { get; set; } = 5;

    /// <summary>Most hits one request may ask for.</summary>
    [Range(1, 1_000)]
    public int MaxPageSize { get; set; } = 100;

    /// <summary>Largest image accepted by the image search, in bytes.</summary>
    [Range(1_024, 1L << 30)]
    public long MaxUploadBytes { get; set; } = 20L << 20;

    /// <summary>Largest image accepted by the image search, in pixels (width × height).</summary>
    [Range(1, 1_000_000_000)]
    public long MaxUploadPixels { get; set; } = 60_000_000;

    /// <summary>Longest piece of a document's text one request returns, in characters.</summary>
    [Range(1_000, 10_000_000)]
    public int MaxTextChars { get; set; } = 200_000;

    /// <summary>Searches and suggestions per caller per minute (429 beyond).</summary>
    [Range(1, 1_000_000)]
    public int SearchPerMinute { get; set; } = 1_200;

    /// <summary>Image uploads per caller per minute (429 beyond).</summary>
    [Range(1, 100_000)]
    public int UploadsPerMinute { get; set; } = 30;

    /// <summary>
    /// How staff reach a stored path on the share, longest prefix first: stored path prefix → UNC prefix, e.g.
    /// <c>"/mnt/nas/share": "\\\\nas01\\share"</c>. The rest of the path follows with backslashes.
    /// </summary>
    public Dictionary<string, string> UncMappings { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Networks (CIDR, e.g. <c>10.0.0.0/16</c> for the VPC of an ALB) of the reverse proxies whose
    /// <c>X-Forwarded-Proto</c> and <c>X-Forwarded-For</c> are believed: behind a load balancer that ends HTTPS, the sign-in
    /// redirect URI and the cookies then use https. Empty (the default): the headers are ignored.
    /// </summary>
    public List<string> TrustedProxies { get; set; } = [];
}
