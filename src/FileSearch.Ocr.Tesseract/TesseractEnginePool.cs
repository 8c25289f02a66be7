using System.Collections.Concurrent;
using FileSearch.Ocr.Tesseract.Internals;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FileSearch.Ocr.Tesseract;

/// <summary>
/// A bounded pool of initialised Tesseract engines, one per concurrent OCR worker. Engines are created lazily
/// (loading jpn+eng takes about half a second), reused across pages and documents, and disposed with the pool.
/// At most <see cref="PoolSize"/> engines exist; further callers wait for one to be returned.
/// </summary>
/// <remarks>
/// Memory, measured on Debian 12 / Tesseract 5.3.0 with the Debian jpn+eng models (LSTM only, RSS of the
/// process): about 43 MB per initialised engine (the first also maps the library, about 56 MB), plus 60-80 MB
/// of transient native memory while an engine works on a dense 300 dpi A4 page. See the project README.
/// </remarks>
public sealed class TesseractEnginePool : IDisposable
{
    private readonly SemaphoreSlim _slots;
    private readonly ConcurrentBag<TesseractEngine> _idle = [];
    private readonly Func<TesseractEngine> _factory;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Action? _onIdle;
    private int _created;
    private int _rented;
    private long _rentals;
    private int _disposedEngines;
    private int _disposed;

    public TesseractEnginePool(IOptions<OcrOptions> options, TimeProvider timeProvider, ILogger<TesseractEnginePool> logger)
        : this(Validated(options).PoolSize, EngineFactory(options.Value), timeProvider, logger,
            options.Value.TrimNativeHeapWhenIdle ? () => NativeHeap.Trim() : null)
    {
    }

    internal TesseractEnginePool(int poolSize, Func<TesseractEngine> factory, TimeProvider timeProvider, ILogger logger,
        Action? onIdle = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(poolSize, 1);
        PoolSize = poolSize;
        _slots = new SemaphoreSlim(poolSize, poolSize);
        _factory = factory;
        _timeProvider = timeProvider;
        _logger = logger;
        _onIdle = onIdle;
    }

    /// <summary>Most engines that can exist at once.</summary>
    public int PoolSize { get; }

    /// <summary>Engines created since start (never more than <see cref="PoolSize"/>).</summary>
    public int CreatedCount => Volatile.Read(ref _created);

    /// <summary>Engines currently rented by workers.</summary>
    public int RentedCount => Volatile.Read(ref _rented);

    /// <summary>Engines created and waiting for work.</summary>
    public int IdleCount => _idle.Count;

    /// <summary>Engines disposed (only when the pool is disposed: engines are reused, never dropped).</summary>
    public int DisposedCount => Volatile.Read(ref _disposedEngines);

    /// <summary>Engines that hold native Tesseract memory now: created minus disposed.</summary>
    public int AliveCount => CreatedCount - DisposedCount;

    /// <summary>Rentals since start (one per recognised page).</summary>
    public long TotalRentals => Interlocked.Read(ref _rentals);

    /// <summary>Disposes the idle engines; rented ones are disposed when returned.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        while (_idle.TryTake(out var engine))
        {
            engine.Dispose();
            Interlocked.Increment(ref _disposedEngines);
        }
    }

    /// <summary>Waits for a free slot, then hands out an idle engine or creates one.</summary>
    internal async Task<EngineLease> RentAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_idle.TryTake(out var engine))
            {
                var started = _timeProvider.GetTimestamp();
                engine = await Task.Run(_factory, cancellationToken).ConfigureAwait(false);
                var number = Interlocked.Increment(ref _created);
                Log.EngineCreated(_logger, number, PoolSize, (long)_timeProvider.GetElapsedTime(started).TotalMilliseconds);
            }

            Interlocked.Increment(ref _rented);
            Interlocked.Increment(ref _rentals);
            return new EngineLease(this, engine);
        }
        catch
        {
            _slots.Release();
            throw;
        }
    }

    private void Return(TesseractEngine engine)
    {
        var stillRented = Interlocked.Decrement(ref _rented);
        if (Volatile.Read(ref _disposed) == 1)
        {
            engine.Dispose();
            Interlocked.Increment(ref _disposedEngines);
        }
        else
        {
            _idle.Add(engine);
        }

        _slots.Release();
        if (stillRented == 0)
        {
            _onIdle?.Invoke();
        }
    }

    private static OcrOptions Validated(IOptions<OcrOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        TesseractLibrary.EnsureLoaded();
        return options.Value;
    }

    private static Func<TesseractEngine> EngineFactory(OcrOptions options) => EngineFactory(options, options.Languages, options.PageSegMode);

    /// <summary>A factory of engines for <paramref name="languages"/> read in <paramref name="pageSegMode"/>.</summary>
    internal static Func<TesseractEngine> EngineFactory(OcrOptions options, string languages, int pageSegMode, int oem = TessApi.OemLstmOnly) =>
        () => TesseractEngine.Create(
            options.TessdataPath ?? throw new InvalidOperationException("Ocr:TessdataPath is not set and no tessdata directory was found"),
            languages,
            pageSegMode,
            oem);

    /// <summary>An engine on loan; disposing it returns the engine to the pool.</summary>
    internal sealed class EngineLease(TesseractEnginePool pool, TesseractEngine engine) : IDisposable
    {
        private int _returned;

        public TesseractEngine Engine { get; } = engine;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _returned, 1) == 0)
            {
                pool.Return(Engine);
            }
        }
    }
}
