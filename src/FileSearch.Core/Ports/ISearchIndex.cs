using FileSearch.Core.Domain;

namespace FileSearch.Core.Ports;

/// <summary>What the index stores for one document. <see cref="Text"/> is the normalised copy.</summary>
public sealed record IndexDocument
{
    public required DocumentId Id { get; init; }

    public required string Bucket { get; init; }

    public required string Key { get; init; }

    public required string Name { get; init; }

    /// <summary>Original path (NAS path or local path), used for display and path filters.</summary>
    public required string Path { get; init; }

    public FileKind Kind { get; init; }

    public long Size { get; init; }

    public DateTimeOffset? Modified { get; init; }

    public DateTimeOffset Indexed { get; init; }

    /// <summary>Normalised text (NFKC) to analyse and to build snippets from.</summary>
    public string Text { get; init; } = string.Empty;

    /// <summary>Image embedding (L2-normalised) when the embedder produced one.</summary>
    public ReadOnlyMemory<float>? Vector { get; init; }
}

/// <summary>A search request.</summary>
/// <param name="Text">Query text: words, "phrases", AND/OR/NOT, prefix*.</param>
/// <param name="Kind">Only documents of this type (short name: pdf, docx, png ...), or all.</param>
/// <param name="Limit">Maximum hits to return.</param>
/// <param name="Offset">Hits to skip (paging).</param>
public sealed record SearchQuery(string Text, string? Kind = null, int Limit = 10, int Offset = 0)
{
    /// <summary>Only documents modified at or after this time (documents without a time are excluded).</summary>
    public DateTimeOffset? ModifiedFrom { get; init; }

    /// <summary>Only documents modified at or before this time (documents without a time are excluded).</summary>
    public DateTimeOffset? ModifiedTo { get; init; }

    /// <summary>Only documents whose original path starts with this text (case-sensitive, as stored).</summary>
    public string? PathPrefix { get; init; }

    /// <summary>Only documents of at least this many bytes.</summary>
    public long? MinSize { get; init; }

    /// <summary>Only documents of at most this many bytes.</summary>
    public long? MaxSize { get; init; }

    /// <summary>Order of the hits; relevance by default.</summary>
    public SearchSort Sort { get; init; }

    /// <summary>
    /// Similarity query vector (same embedder as the indexed vectors). Alone (empty <see cref="Text"/>) it asks for the
    /// nearest documents by cosine similarity; with text, the two rankings are merged by reciprocal rank fusion.
    /// </summary>
    public ReadOnlyMemory<float>? Vector { get; init; }

    /// <summary>Like <see cref="Vector"/>, with the stored vector of this document (which is left out of the hits).</summary>
    public DocumentId? SimilarTo { get; init; }

    /// <summary>True when the request ranks by vector similarity (alone or hybrid).</summary>
    public bool HasVector => Vector is not null || SimilarTo is not null;
}

/// <summary>Order of search hits.</summary>
public enum SearchSort
{
    /// <summary>Best match first.</summary>
    Relevance = 0,

    /// <summary>Most recently modified first; documents without a time last.</summary>
    Newest = 1,

    /// <summary>Least recently modified first; documents without a time last.</summary>
    Oldest = 2,
}

/// <summary>A piece of a snippet; <see cref="IsMatch"/> marks text that matched the query.</summary>
public sealed record SnippetPart(string Text, bool IsMatch);

public sealed record SearchHit(
    DocumentId Id,
    float Score,
    string Name,
    string Path,
    FileKind Kind,
    long Size,
    DateTimeOffset? Modified,
    IReadOnlyList<SnippetPart> Snippet);

public sealed record SearchResults(long TotalHits, IReadOnlyList<SearchHit> Hits);

/// <summary>
/// Full-text (and later vector) index. Implementations: Lucene.NET (embedded default), OpenSearch.
/// Indexing the same id again replaces the document.
/// </summary>
public interface ISearchIndex
{
    Task IndexAsync(IndexDocument document, CancellationToken cancellationToken);

    Task DeleteAsync(DocumentId id, CancellationToken cancellationToken);

    /// <summary>Makes every write so far durable and visible to searches.</summary>
    Task CommitAsync(CancellationToken cancellationToken);

    Task<SearchResults> SearchAsync(SearchQuery query, CancellationToken cancellationToken);

    Task<long> CountAsync(CancellationToken cancellationToken);
}
