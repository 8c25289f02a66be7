namespace FileSearch.Core.Ports;

/// <summary>
/// Checkpoints of OCR'd pages, keyed by (page image hash, OCR settings version). A redelivered message finds the
/// pages it finished before the interruption, an identical file under another key finds all of them, and a new
/// settings version misses (so only pages read with changed settings run again).
/// </summary>
public interface IOcrPageCache
{
    /// <summary>The stored result of the page with <paramref name="pageHash"/> read under <paramref name="settingsVersion"/>, or null.</summary>
    Task<OcrResult?> TryGetAsync(string pageHash, string settingsVersion, CancellationToken cancellationToken);

    /// <summary>Stores (or replaces) a recognised page's result.</summary>
    Task SetAsync(string pageHash, string settingsVersion, OcrResult result, CancellationToken cancellationToken);
}

/// <summary>No checkpoints: every page is recognised every time.</summary>
public sealed class NullOcrPageCache : IOcrPageCache
{
    /// <inheritdoc />
    public Task<OcrResult?> TryGetAsync(string pageHash, string settingsVersion, CancellationToken cancellationToken) =>
        Task.FromResult<OcrResult?>(null);

    /// <inheritdoc />
    public Task SetAsync(string pageHash, string settingsVersion, OcrResult result, CancellationToken cancellationToken) => Task.CompletedTask;
}
