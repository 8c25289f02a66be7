using System.Diagnostics;
using FileSearch.Ocr.Tesseract;
using FileSearch.Search.Lucene;
using Microsoft.Extensions.DependencyInjection;

namespace FileSearch.Bench.Commands.Bench;

/// <summary>
/// The process's memory and native resources at one moment, taken while no message is in flight: RSS, the managed
/// heap after a full blocking collection, and counts of the native objects the pipeline holds (Tesseract engines,
/// libvips tracked allocations and open files, MeCab lattices, open SQLite database files, temp files; the worker's
/// own temp folder itself stays for the process's life), and the OCR pages read by Tesseract or reused from the page
/// cache so far.
/// </summary>
internal sealed record ResourceSnapshot(
    int Files,
    double RssMb,
    double RssAnonMb,
    double HeapMb,
    double GcCommittedMb,
    int EnginesAlive,
    int EnginesRented,
    int EngineCapacity,
    long VipsAllocs,
    double VipsMemMb,
    int VipsFiles,
    int MecabLattices,
    int SqliteFiles,
    int OpenFiles,
    int TempEntries,
    int Threads,
    long OcrPagesRead = 0,
    long OcrPagesReused = 0)
{
    private const double Mb = 1024 * 1024;

    /// <param name="services">The pipeline's services (the engines are read from them).</param>
    /// <param name="tempDirectory">The pipeline's temp folder (should hold no file between messages).</param>
    /// <param name="files">Files processed so far.</param>
    /// <param name="trimNativeHeap">Call malloc_trim first: what stays is live native memory, not allocator fragmentation.</param>
    public static ResourceSnapshot Capture(IServiceProvider services, string tempDirectory, int files, bool trimNativeHeap)
    {
        ArgumentNullException.ThrowIfNull(services);
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        if (trimNativeHeap)
        {
            NativeHeap.Trim();
        }

        var heap = GC.GetTotalMemory(forceFullCollection: true);
        var info = GC.GetGCMemoryInfo(GCKind.FullBlocking);
        var engines = services.GetService<TesseractOcrEngine>()?.EngineCounts ?? default;
        var lattices = services.GetService<ITextAnalysis>() is MecabTextAnalysis mecab ? mecab.LiveLattices : 0;
        var (sqlite, open) = CountOpenFiles();
        using var process = Process.GetCurrentProcess();
        return new ResourceSnapshot(files, ProcessMemory.CurrentMb(), ProcessMemory.AnonymousMb(), heap / Mb, info.TotalCommittedBytes / Mb,
            engines.Alive, engines.Rented, engines.Capacity,
            NetVips.Stats.Allocations, NetVips.Stats.Mem / Mb, NetVips.Stats.Files,
            lattices, sqlite, open,
            Directory.Exists(tempDirectory) ? Directory.EnumerateFiles(tempDirectory, "*", SearchOption.AllDirectories).Count() : 0,
            process.Threads.Count);
    }

    /// <summary>Open SQLite database files (one per open connection) and all open descriptors, from /proc/self/fd; -1 where unreadable.</summary>
    private static (int Sqlite, int All) CountOpenFiles()
    {
        try
        {
            int sqlite = 0, all = 0;
            foreach (var fd in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
            {
                all++;
                var target = new FileInfo(fd).LinkTarget;
                sqlite += target is not null && target.EndsWith(".db", StringComparison.Ordinal) ? 1 : 0;
            }

            return (sqlite, all);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (-1, -1);
        }
    }
}
