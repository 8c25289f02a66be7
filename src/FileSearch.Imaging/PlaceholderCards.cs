using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using FileSearch.Imaging.Internals;
using Microsoft.Extensions.Options;

namespace FileSearch.Imaging;

/// <summary>
/// The stand-in preview of a document without one of its own (text, Office, mail, a file that could not be rendered):
/// a card in the type's colour with its label and the file name (Noto Sans CJK, wrapped and shrunk to fit). Drawn when
/// it is asked for, never at ingest: cards differ only in a name, and most are never looked at. At most one card per
/// core is drawn at a time.
/// </summary>
public sealed class PlaceholderCards : IDisposable
{
    private readonly ThumbnailOptions _options;
    private readonly PlaceholderRenderer _renderer;
    private readonly SemaphoreSlim _slots = new(Environment.ProcessorCount);

    /// <summary>Needs <paramref name="runtime"/> so libvips is set up for the process before the first card.</summary>
    public PlaceholderCards(VipsRuntime runtime, IOptions<ThumbnailOptions> options)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _renderer = new PlaceholderRenderer(_options.PlaceholderFontFile);
    }

    /// <summary>Whether cards are drawn at all (<see cref="ThumbnailOptions.Placeholders"/>).</summary>
    public bool Enabled => _options.Placeholders;

    /// <summary>
    /// The card of a document of <paramref name="kind"/> named <paramref name="displayName"/>, its long side
    /// <paramref name="size"/> pixels (16-4096), encoded in the configured thumbnail format.
    /// </summary>
    public async Task<Thumbnail> RenderAsync(FileKind kind, string displayName, int size, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(displayName);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, ThumbnailOptions.MinSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, ThumbnailOptions.MaxSize);
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await Task.Run(() =>
            {
                using var card = _renderer.Render(kind, displayName, size);
                return ThumbnailEncoder.Encode(card, size, _options);
            }, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _slots.Dispose();
}
