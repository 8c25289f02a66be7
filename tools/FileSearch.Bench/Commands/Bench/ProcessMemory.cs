using System.Globalization;

namespace FileSearch.Bench.Commands.Bench;

/// <summary>This process's peak resident memory from /proc (Linux): reset, then read <c>VmHWM</c>.</summary>
internal static class ProcessMemory
{
    /// <summary>Resets the peak to the current RSS (writes 5 to /proc/self/clear_refs); ignored where not allowed.</summary>
    public static void ResetPeak()
    {
        GC.Collect();
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Peak RSS in MB since the last reset (process start if it was not allowed); -1 when unknown.</summary>
    public static double PeakMb() => Read("VmHWM:");

    /// <summary>Current RSS in MB; -1 when unknown.</summary>
    public static double CurrentMb() => Read("VmRSS:");

    /// <summary>The anonymous part of the RSS in MB (heaps, native allocations; not mapped files or shared memory); -1 when unknown.</summary>
    public static double AnonymousMb() => Read("RssAnon:");

    private static double Read(string field)
    {
        try
        {
            var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
            return line is null ? -1 : long.Parse(line[field.Length..].Replace("kB", "", StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture) / 1024.0;
        }
        catch (IOException)
        {
            return -1;
        }
    }
}
