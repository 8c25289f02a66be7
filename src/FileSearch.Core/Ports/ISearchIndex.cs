using FileSearch.Core.Domain;
using FileSearch.Core.Security;

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

    /// <summary>The model id of <see cref="Vector"/> (<see cref="IImageEmbedder.ModelId"/>); searches compare only vectors of one model.</summary>
    public string? VectorModel { get; init; }

    /// <summary>
    /// Who may see the document: <see cref="DocumentPermissions.AllowedPrincipals"/> and
    /// <see cref="DocumentPermissions.DeniedPrincipals"/> (deny wins). Null: no permission information (admins only).
    /// </summary>
    public DocumentPermissions? Permissions { get; init; }

    /// <summary>
    /// The version of the file this entry was built from (<see cref="DocumentRecord.Version"/>). A write never replaces an
    /// entry of a newer version: it is skipped, so two instances finishing two versions of one file in the wrong order
    /// leave the newer text indexed. Equal versions replace (reindexing, permission and vector updates). Null: the write is
    /// unconditional.
    /// </summary>
    public DocumentVersion? Version { get; init; }

    /// <summary>
    /// For a document held inside another (an archive member, a mail attachment): the id of the top-level file that holds
    /// it, whose permissions and version it carries and whose deletion removes it. Null for a file of its own.
    /// </summary>
    public DocumentId? ParentId { get; init; }

    /// <summary>
    /// For a held document: its path inside <see cref="ParentId"/>, nested containers joined by <c> › </c>
    /// (<c>見積/旧版.zip › 見積書.xlsx</c>). Null for a file of its own.
    /// </summary>
    public string? MemberPath { get; init; }

    /// <summary>
    /// A hint from a caller with idle cores: the index may analyse this document's text fields side by side, for one
    /// document's latency rather than throughput. Indexes that analyse elsewhere (OpenSearch) ignore it; the result is the
    /// same either way.
    /// </summary>
    public bool AnalyzeInParallel { get; init; }
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

    /// <summary>
    /// More query vectors of the same image (other orientations, <see cref="IImageEmbedder.EmbedQueryAsync"/>): a document
    /// scores its best similarity to <see cref="Vector"/> or any of these.
    /// </summary>
    public IReadOnlyList<ReadOnlyMemory<float>> AlternativeVectors { get; init; } = [];

    /// <summary>
    /// The model id of the query vectors (<see cref="IImageEmbedder.ModelId"/>): only documents whose vector was made by the
    /// same model are compared. Null: any (with <see cref="SimilarTo"/>, the stored document's model).
    /// </summary>
    public string? VectorModel { get; init; }

    /// <summary>Like <see cref="Vector"/>, with the stored vector of this document (which is left out of the hits).</summary>
    public DocumentId? SimilarTo { get; init; }

    /// <summary>
    /// Also count the matching documents by type, by month modified and by folder (<see cref="SearchResults.Facets"/>),
    /// over every match, not only the returned page.
    /// </summary>
    public bool IncludeFacets { get; init; }

    /// <summary>
    /// Who asks: only documents these principals may read (deny wins; documents without permission information are left
    /// out), in hits, totals, facets and similar images alike. Null: every document (admins, internal callers).
    /// </summary>
    public Visibility? Visibility { get; init; }

    /// <summary>
    /// Hits without snippets (empty <see cref="SearchHit.Snippet"/>): for callers that need the ranking of many hits, not
    /// their text (collapsing duplicate groups reads the whole result window this way).
    /// </summary>
    public bool WithoutSnippets { get; init; }

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
    IReadOnlyList<SnippetPart> Snippet)
{
    /// <summary>For an archive member or mail attachment: the top-level file holding it (<see cref="IndexDocument.ParentId"/>).</summary>
    public DocumentId? ParentId { get; init; }

    /// <summary>For an archive member or mail attachment: its path inside the parent (<see cref="IndexDocument.MemberPath"/>).</summary>
    public string? MemberPath { get; init; }
}

public sealed record SearchResults(long TotalHits, IReadOnlyList<SearchHit> Hits)
{
    /// <summary>Counts of the matching documents, when <see cref="SearchQuery.IncludeFacets"/> asked for them.</summary>
    public SearchFacets? Facets { get; init; }
}

/// <summary>How many matching documents have one value of a facet.</summary>
public sealed record FacetCount(string Value, long Count);

/// <summary>
/// Counts of the documents matching a search, over all matches, each list ordered by count (descending) then value.
/// </summary>
/// <param name="Kinds">By file type short name (pdf, docx, png ...).</param>
/// <param name="Months">By UTC month modified, as <c>yyyy-MM</c>; documents without a time are not counted.</param>
/// <param name="Folders">
/// By folder one level below <see cref="SearchQuery.PathPrefix"/> (top-level folders without one): the value is the
/// folder's full path as stored (e.g. <c>/nas/営業/2024</c>); documents directly in the prefix folder are not counted.
/// </param>
public sealed record SearchFacets(IReadOnlyList<FacetCount> Kinds, IReadOnlyList<FacetCount> Months, IReadOnlyList<FacetCount> Folders)
{
    public static SearchFacets Empty { get; } = new([], [], []);
}

/// <summary>A document whose image vector is near another's, with the cosine similarity of the two vectors.</summary>
public sealed record VectorNeighbour(DocumentId Id, double Similarity);

/// <summary>Where a suggestion comes from.</summary>
public enum SuggestionSource
{
    /// <summary>A file name (the whole name).</summary>
    Name = 0,

    /// <summary>An indexed word of the text.</summary>
    Term = 1,
}

/// <summary>A completion for what the user is typing, with how many documents it would find.</summary>
public sealed record Suggestion(string Text, SuggestionSource Source, long Documents);

/// <summary>
/// Full-text and vector index. Implementations: Lucene.NET (embedded default), OpenSearch.
/// Indexing the same id again replaces the document, unless the indexed entry is of a newer
/// <see cref="IndexDocument.Version"/> (then the write is skipped).
/// </summary>
public interface ISearchIndex
{
    Task IndexAsync(IndexDocument document, CancellationToken cancellationToken);

    Task DeleteAsync(DocumentId id, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes the document unless its indexed entry is of a newer version than <paramref name="upTo"/> (a newer version
    /// of the file, indexed by another instance meanwhile, stays).
    /// </summary>
    Task DeleteAsync(DocumentId id, DocumentVersion upTo, CancellationToken cancellationToken);

    /// <summary>Makes every write so far durable and visible to searches.</summary>
    Task CommitAsync(CancellationToken cancellationToken);

    Task<SearchResults> SearchAsync(SearchQuery query, CancellationToken cancellationToken);

    Task<long> CountAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Search-as-you-type: file names and indexed words that start with <paramref name="prefix"/> (compared as the index
    /// normalises text: NFKC, case-insensitive), most documents first, at most <paramref name="limit"/>.
    /// </summary>
    /// <param name="prefix">What the user has typed.</param>
    /// <param name="limit">Most suggestions.</param>
    /// <param name="visibility">Only names and words of documents these principals may read, counted over those; null: all.</param>
    /// <param name="cancellationToken">Cancels.</param>
    Task<IReadOnlyList<Suggestion>> SuggestAsync(string prefix, int limit, Visibility? visibility, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"{GetType().Name} does not suggest");

    /// <summary>
    /// Marks in <paramref name="text"/> (a document's text as displayed) what <paramref name="queryText"/> matches, the way
    /// search snippets mark it: the parts, concatenated, are exactly <paramref name="text"/>.
    /// </summary>
    Task<IReadOnlyList<SnippetPart>> HighlightAsync(string queryText, string text, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"{GetType().Name} does not highlight");

    /// <summary>
    /// The near-duplicate image lookup: the <paramref name="limit"/> documents whose image vectors (of the same model) are
    /// nearest to the stored vector of <paramref name="id"/>, which is left out, best first, each with its cosine
    /// similarity (whatever score the backend ranks by). Empty when the document has no vector.
    /// </summary>
    /// <param name="id">The document whose neighbours are wanted.</param>
    /// <param name="limit">Most neighbours.</param>
    /// <param name="visibility">Only documents these principals may read; null: all.</param>
    /// <param name="cancellationToken">Cancels.</param>
    Task<IReadOnlyList<VectorNeighbour>> NearestAsync(DocumentId id, int limit, Visibility? visibility, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"{GetType().Name} does not look up nearest vectors");
}
