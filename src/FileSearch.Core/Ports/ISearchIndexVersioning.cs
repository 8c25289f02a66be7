namespace FileSearch.Core.Ports;

/// <summary>
/// Optional companion of <see cref="ISearchIndex"/> for backends that can build a new version of the index side by side
/// and switch readers and writers to it atomically (OpenSearch: a versioned index behind an alias). When registered,
/// <c>reindex --all</c> fills a fresh version and swaps instead of rewriting the live index in place.
/// </summary>
public interface ISearchIndexVersioning
{
    /// <summary>Creates an empty next version of the index. Searches and ordinary writes keep using the live version.</summary>
    Task<ISearchIndexRebuild> BeginRebuildAsync(CancellationToken cancellationToken);
}

/// <summary>
/// A new index version being filled. Disposing it before <see cref="SwapAsync"/> abandons it (the partial version is
/// removed and the live one is left untouched).
/// </summary>
public interface ISearchIndexRebuild : IAsyncDisposable
{
    /// <summary>Name of the version being built (e.g. <c>filesearch-v3</c>).</summary>
    string Name { get; }

    /// <summary>Adds a document to the new version (buffered).</summary>
    Task IndexAsync(IndexDocument document, CancellationToken cancellationToken);

    /// <summary>Sends buffered documents to the new version.</summary>
    Task CommitAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Makes the new version live in one atomic step and returns the names of the versions it replaced; with
    /// <paramref name="deletePrevious"/> those are deleted afterwards.
    /// </summary>
    Task<IReadOnlyList<string>> SwapAsync(bool deletePrevious, CancellationToken cancellationToken);
}
