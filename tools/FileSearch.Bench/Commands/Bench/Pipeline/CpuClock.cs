using System.Diagnostics;
using System.Globalization;

namespace FileSearch.Bench.Commands.Bench.Pipeline;

/// <summary>
/// CPU seconds used by this process plus its finished child processes (tesseract, pdftoppm, convert): from
/// /proc/self/stat's utime, stime, cutime and cstime (Linux). On a shared machine CPU time is the steadier figure:
/// wall time depends on what else runs.
/// </summary>
internal static class CpuClock
{
    /// <summary>Clock ticks per second of /proc times (USER_HZ; 100 on Linux x86-64).</summary>
    private const double TicksPerSecond = 100;

    public static TimeSpan Now()
    {
        try
        {
            var stat = File.ReadAllText("/proc/self/stat");
            // Fields after the command name, which is in parentheses and may contain spaces.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = fields[11..15].Sum(f => long.Parse(f, CultureInfo.InvariantCulture));
            return TimeSpan.FromSeconds(ticks / TicksPerSecond);
        }
        catch (IOException)
        {
            return Process.GetCurrentProcess().TotalProcessorTime;
        }
    }
}
