using System.Globalization;

namespace FileSearch.Bench.Commands.Bench.Pipeline;

/// <summary>
/// The largest max RSS of child processes run under GNU <c>/usr/bin/time -f %M -o FILE</c> (the kernel's
/// <c>ru_maxrss</c> of the waited child, KiB). Without <c>/usr/bin/time</c> children run as they are and the peak is unknown.
/// </summary>
internal sealed class ChildMemory(string? timeTool = "/usr/bin/time")
{
    private readonly bool _available = timeTool is not null && File.Exists(timeTool);
    private long _peakKb;

    /// <summary>The largest max RSS recorded, MB; -1 when children cannot be measured.</summary>
    public double PeakMb => _available ? Interlocked.Read(ref _peakKb) / 1024.0 : -1;

    /// <summary>The program and leading arguments that run a child under time with its report in a fresh file; null when unavailable.</summary>
    public Timed? Wrap()
    {
        if (!_available)
        {
            return null;
        }

        var report = Path.Combine(Path.GetTempPath(), $"filesearch-maxrss-{Guid.NewGuid():N}.txt");
        return new Timed(timeTool!, ["-f", "%M", "-o", report], report);
    }

    /// <summary>Reads and removes the report of a finished child.</summary>
    public void Record(Timed timed)
    {
        ArgumentNullException.ThrowIfNull(timed);
        try
        {
            // time writes "Command exited with non-zero status N" first when the child failed; the figure is the last line.
            var last = File.ReadLines(timed.Report).LastOrDefault(l => l.Trim().Length > 0);
            if (long.TryParse(last?.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var kb))
            {
                Observe(kb);
            }
        }
        catch (IOException)
        {
        }
        finally
        {
            File.Delete(timed.Report);
        }
    }

    /// <summary>Records one child's max RSS in KiB.</summary>
    public void Observe(long kb)
    {
        long seen;
        while (kb > (seen = Interlocked.Read(ref _peakKb)) && Interlocked.CompareExchange(ref _peakKb, kb, seen) != seen)
        {
        }
    }

    /// <param name="Program">The time tool.</param>
    /// <param name="Arguments">Its options, before the child's command line.</param>
    /// <param name="Report">The file it writes the max RSS to.</param>
    internal sealed record Timed(string Program, IReadOnlyList<string> Arguments, string Report);
}
