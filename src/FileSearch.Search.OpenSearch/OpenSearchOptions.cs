using System.ComponentModel.DataAnnotations;

namespace FileSearch.Search.OpenSearch;

/// <summary>How requests to the cluster authenticate.</summary>
public enum OpenSearchAuthMode
{
    /// <summary>No authentication (local or network-protected cluster).</summary>
    None = 0,

    /// <summary>HTTP basic authentication with <see cref="OpenSearchOptions.Username"/> and <see cref="OpenSearchOptions.Password"/>.</summary>
    Basic = 1,

    /// <summary>AWS Signature Version 4 with the SDK's default credential chain (managed domains, serverless).</summary>
    SigV4 = 2,
}

/// <summary>Options of the OpenSearch index (section <c>OpenSearch</c>).</summary>
public sealed class OpenSearchOptions : IValidatableObject
{
    public const string SectionName = "OpenSearch";

    /// <summary>Cluster URL, e.g. <c>https://search-x.ap-northeast-1.es.amazonaws.com</c>. Required.</summary>
    [Required]
    public Uri? Endpoint { get; set; }

    /// <summary>Alias the adapter reads and writes through. Default <c>filesearch</c>.</summary>
    [Required]
    [RegularExpression("^[a-z0-9][a-z0-9_-]*$")]
    public string IndexName { get; set; } = "filesearch";

    /// <summary>Version of the concrete index behind the alias (<c>{IndexName}-v{n}</c>). Default 1.</summary>
    [Range(1, 1000)]
    public int IndexVersion { get; set; } = 1;

    /// <summary>Authentication. Default <see cref="OpenSearchAuthMode.None"/>.</summary>
    public OpenSearchAuthMode Auth { get; set; } = OpenSearchAuthMode.None;

    /// <summary>AWS region for SigV4. Default <c>ap-northeast-1</c>.</summary>
    public string Region { get; set; } = "ap-northeast-1";

    /// <summary>SigV4 service name: <c>es</c> (managed domains, default) or <c>aoss</c> (serverless).</summary>
    [RegularExpression("^(es|aoss)$")]
    public string Service { get; set; } = "es";

    /// <summary>Basic-auth user name (required when <see cref="Auth"/> is Basic).</summary>
    public string? Username { get; set; }

    /// <summary>Basic-auth password (required when <see cref="Auth"/> is Basic).</summary>
    public string? Password { get; set; }

    /// <summary>A <c>_bulk</c> request is sent when the buffer reaches this many bytes. Default 5 MiB.</summary>
    [Range(1024, 100 * 1024 * 1024)]
    public int BulkMaxBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>Refresh mode of <c>_bulk</c> requests: <c>false</c> (default) or <c>wait_for</c>.</summary>
    [RegularExpression("^(false|wait_for)$")]
    public string Refresh { get; set; } = "false";

    /// <summary>Dimension of the <c>knn_vector</c> field used when no image embedder makes vectors.</summary>
    public const int DefaultVectorDimension = 1024;

    /// <summary>
    /// Dimension of the <c>knn_vector</c> field. 0 (default): the registered image embedder's (ResNet18 512, descriptor
    /// 140, Titan as configured), filled in by <c>AddOpenSearchIndex</c>, or <see cref="DefaultVectorDimension"/> when no
    /// embedder makes vectors. A value set here must equal the embedder's: start fails otherwise.
    /// </summary>
    [Range(0, 16000)]
    public int VectorDimension { get; set; }

    /// <summary>The dimension the mapping and writes use: <see cref="VectorDimension"/>, or <see cref="DefaultVectorDimension"/> while it is 0.</summary>
    internal int EffectiveVectorDimension => VectorDimension > 0 ? VectorDimension : DefaultVectorDimension;

    /// <summary>HNSW engine: <c>lucene</c> (default), <c>faiss</c> or <c>nmslib</c>.</summary>
    [RegularExpression("^(lucene|faiss|nmslib)$")]
    public string HnswEngine { get; set; } = "lucene";

    /// <summary>HNSW graph degree <c>m</c>. Default 16.</summary>
    [Range(2, 512)]
    public int HnswM { get; set; } = 16;

    /// <summary>HNSW <c>ef_construction</c>. Default 128.</summary>
    [Range(2, 4096)]
    public int HnswEfConstruction { get; set; } = 128;

    /// <summary>Attempts for items or requests rejected with 429 before giving up (retryable error). Default 4.</summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 4;

    /// <summary>First back-off delay after a 429; doubled per attempt. Default 200 ms.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Time limit of one HTTP request. Default 30 s.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Concrete index name behind the alias.</summary>
    public string VersionedIndexName => $"{IndexName}-v{IndexVersion}";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Auth == OpenSearchAuthMode.Basic && (string.IsNullOrEmpty(Username) || Password is null))
        {
            yield return new ValidationResult("OpenSearch:Auth = Basic needs OpenSearch:Username and OpenSearch:Password",
                [nameof(Username), nameof(Password)]);
        }

        if (Auth == OpenSearchAuthMode.SigV4 && string.IsNullOrWhiteSpace(Region))
        {
            yield return new ValidationResult("OpenSearch:Auth = SigV4 needs OpenSearch:Region", [nameof(Region)]);
        }

        if (RetryDelay < TimeSpan.Zero || RequestTimeout <= TimeSpan.Zero)
        {
            yield return new ValidationResult("OpenSearch:RetryDelay must be >= 0 and RequestTimeout > 0",
                [nameof(RetryDelay), nameof(RequestTimeout)]);
        }
    }
}
