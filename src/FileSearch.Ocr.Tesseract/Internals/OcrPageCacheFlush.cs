using FileSearch.Core.Ports;

namespace FileSearch.Ocr.Tesseract.Internals;

/// <summary>Flushes whichever page cache is registered, if it buffers anything (the SQLite one checkpoints its journal).</summary>
internal sealed class OcrPageCacheFlush(IOcrPageCache cache) : IShutdownFlush
{
    public Task FlushAsync(CancellationToken cancellationToken) =>
        cache is IShutdownFlush flush ? flush.FlushAsync(cancellationToken) : Task.CompletedTask;
}
