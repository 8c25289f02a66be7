using FileSearch.Core.Domain;
using FileSearch.Core.Ports;

namespace FileSearch.Core.Resilience;

/// <summary>
/// <see cref="IMetadataStore"/> through the <c>Metadata</c> pipeline. Puts are version-conditional, so a retry after
/// a lost answer reports <see cref="WriteOutcome.Stale"/> rather than writing twice; listings are passed through.
/// </summary>
public sealed class ResilientMetadataStore(IMetadataStore inner, ResiliencePipelines pipelines) : IMetadataStore
{
    private const string D = ResilienceDependencies.Metadata;

    /// <summary>The decorated adapter.</summary>
    public IMetadataStore Inner => inner;

    public Task<DocumentRecord?> GetAsync(DocumentId id, CancellationToken cancellationToken) =>
        pipelines.ExecuteAsync(D, ct => inner.GetAsync(id, ct), cancellationToken);

    public Task<WriteOutcome> PutAsync(DocumentRecord record, CancellationToken cancellationToken) =>
        pipelines.ExecuteAsync(D, ct => inner.PutAsync(record, ct), cancellationToken);

    public Task<WriteOutcome> SetActiveStageAsync(DocumentId id, DocumentVersion version, string? stage, CancellationToken cancellationToken) =>
        pipelines.ExecuteAsync(D, ct => inner.SetActiveStageAsync(id, version, stage, ct), cancellationToken);

    public Task<WriteOutcome> SetChildIdsAsync(DocumentId id, DocumentVersion version, IReadOnlyList<DocumentId> childIds, CancellationToken cancellationToken) =>
        pipelines.ExecuteAsync(D, ct => inner.SetChildIdsAsync(id, version, childIds, ct), cancellationToken);

    public Task<WriteOutcome> AddChildIdsAsync(
        DocumentId id, DocumentVersion version, IReadOnlyList<DocumentId> known, IReadOnlyList<DocumentId> added, CancellationToken cancellationToken) =>
        pipelines.ExecuteAsync(D, ct => inner.AddChildIdsAsync(id, version, known, added, ct), cancellationToken);

    public Task RemoveAsync(DocumentId id, CancellationToken cancellationToken) =>
        pipelines.ExecuteAsync(D, ct => inner.RemoveAsync(id, ct), cancellationToken);

    public IAsyncEnumerable<DocumentRecord> ListByBucketAsync(string bucket, CancellationToken cancellationToken) =>
        inner.ListByBucketAsync(bucket, cancellationToken);

    public Task<DocumentRecord?> FindByPathAsync(string pathOrKey, CancellationToken cancellationToken) =>
        pipelines.ExecuteAsync(D, ct => inner.FindByPathAsync(pathOrKey, ct), cancellationToken);

    public Task<IReadOnlyDictionary<DocumentStatus, long>> CountByStatusAsync(CancellationToken cancellationToken) =>
        pipelines.ExecuteAsync(D, inner.CountByStatusAsync, cancellationToken);

    public IAsyncEnumerable<DocumentRecord> ListByStatusAsync(DocumentStatus status, CancellationToken cancellationToken) =>
        inner.ListByStatusAsync(status, cancellationToken);
}
