using FileSearch.Core.Domain;

namespace FileSearch.Bench.Commands.Bench.Pipeline;

/// <summary>One file as one run processed it: kind, pages, end-to-end time, time per stage, and whether it was indexed.</summary>
internal sealed record FileFigure(string Key, FileKind Kind, int Pages, TimeSpan Duration, IReadOnlyDictionary<string, TimeSpan> Stages, bool Indexed)
{
    /// <summary>Why the file was not indexed, when it was not.</summary>
    public string? Error { get; init; }
}

/// <summary>
/// What one run (pipeline or baseline) measured over the corpus; <see cref="Cpu"/> includes child processes.
/// <see cref="PeakRssMb"/> is this process's peak plus <see cref="ChildPeakRssMb"/>, the largest child process's (the
/// baseline runs one child at a time); -1 when unknown.
/// </summary>
internal sealed record RunFigures(string Name, TimeSpan Wall, TimeSpan Cpu, IReadOnlyList<FileFigure> Files, double PeakRssMb,
    IReadOnlyDictionary<string, StoredDocument> Indexed)
{
    /// <summary>The largest child process's peak RSS in MB (tesseract, convert, pdftoppm); 0 when the run starts none it measures.</summary>
    public double ChildPeakRssMb { get; init; }

    public IReadOnlySet<string> IndexedKeys => Indexed.Keys.ToHashSet(StringComparer.Ordinal);

    public int Failed => Files.Count(f => !f.Indexed);

    public long Pages => Files.Sum(f => (long)f.Pages);

    public double FilesPerMinute => Files.Count / Wall.TotalMinutes;

    public double PagesPerSecond => Pages / Wall.TotalSeconds;

    /// <summary>Per-file latency at quantile <paramref name="q"/> (nearest rank), seconds.</summary>
    public double LatencySeconds(double q)
    {
        if (Files.Count == 0)
        {
            return 0;
        }

        var sorted = Files.Select(f => f.Duration.TotalSeconds).Order().ToArray();
        var rank = (int)Math.Ceiling(q * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    /// <summary>Total time per stage over all files (with concurrency, more than the wall time), in first-seen order.</summary>
    public IReadOnlyList<(string Stage, TimeSpan Total)> StageTotals() =>
        [.. Files.SelectMany(f => f.Stages).GroupBy(s => s.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, TimeSpan.FromTicks(g.Sum(s => s.Value.Ticks))))];
}
