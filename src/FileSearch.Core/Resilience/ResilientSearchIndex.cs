using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using FileSearch.Core.Security;

namespace FileSearch.Core.Resilience;

/// <summary><see cref="ISearchIndex"/> through the <c>Index</c> pipeline; every operation is an idempotent upsert, delete or read.</summary>
public sealed class ResilientSearchIndex(ISearchIndex inner, ResiliencePipelines pipelines) : ISearchIndex
{
    private const string D = ResilienceDependencies.Index;

    /// <summary>The decorated adapter.</summary>
    public ISearchIndex Inner => inner;

    public Task IndexAsync(IndexDocument document, CancellationToken cancellationToken) =>
        pipelines.ExecuteAsync(D, ct => inner.IndexAsync(document, ct), cancellationToken);

    public Task DeleteAsync(DocumentId id, CancellationToken cancellationToken) =>
        pipelines.ExecuteAsync(D, ct => inner.DeleteAsync(id, ct), cancellationToken);

    public Task DeleteAsync(DocumentId id, DocumentVersion upTo, CancellationToken cancellationToken) =>
        pipelines.ExecuteAsync(D, ct => inner.DeleteAsync(id, upTo, ct), cancellationToken);

    public Task CommitAsync(CancellationToken cancellationToken) =>
        pipelines.ExecuteAsync(D, inner.CommitAsync, cancellationToken);

    public Task<SearchResults> SearchAsync(SearchQuery query, CancellationToken cancellationToken) =>
        pipelines.ExecuteAsync(D, ct => inner.SearchAsync(query, ct), cancellationToken);

    public Task<long> CountAsync(CancellationToken cancellationToken) =>
        pipelines.ExecuteAsync(D, inner.CountAsync, cancellationToken);

    public Task<IReadOnlyList<Suggestion>> SuggestAsync(string prefix, int limit, Visibility? visibility, CancellationToken cancellationToken) =>
        pipelines.ExecuteAsync(D, ct => inner.SuggestAsync(prefix, limit, visibility, ct), cancellationToken);

    public Task<IReadOnlyList<SnippetPart>> HighlightAsync(string queryText, string text, CancellationToken cancellationToken) =>
        pipelines.ExecuteAsync(D, ct => inner.HighlightAsync(queryText, text, ct), cancellationToken);

    public Task<IReadOnlyList<VectorNeighbour>> NearestAsync(DocumentId id, int limit, Visibility? visibility, CancellationToken cancellationToken) =>
        pipelines.ExecuteAsync(D, ct => inner.NearestAsync(id, limit, visibility, ct), cancellationToken);
}

/// <summary>
/// <see cref="IImageEmbedder"/> through the <c>Embeddings</c> pipeline (default: no retries here, remote embedders
/// pace and retry throttling themselves; the breaker and timeout still apply).
/// </summary>
public sealed class ResilientImageEmbedder(IImageEmbedder inner, ResiliencePipelines pipelines) : IImageEmbedder
{
    /// <summary>The decorated adapter.</summary>
    public IImageEmbedder Inner => inner;

    public int Dimension => inner.Dimension;

    public string ModelId => inner.ModelId;

    public bool CanEmbed(FileKind kind) => inner.CanEmbed(kind);

    public Task<float[]?> EmbedAsync(string imagePath, FileKind kind, CancellationToken cancellationToken) =>
        pipelines.ExecuteAsync(ResilienceDependencies.Embeddings, ct => inner.EmbedAsync(imagePath, kind, ct), cancellationToken);

    public Task<IReadOnlyList<float[]>> EmbedQueryAsync(string imagePath, FileKind kind, CancellationToken cancellationToken) =>
        pipelines.ExecuteAsync(ResilienceDependencies.Embeddings, ct => inner.EmbedQueryAsync(imagePath, kind, ct), cancellationToken);
}
