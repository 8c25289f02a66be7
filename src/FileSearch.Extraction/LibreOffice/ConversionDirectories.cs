using System.Globalization;

namespace FileSearch.Extraction.LibreOffice;

/// <summary>
/// Folders under the converter's work directory, named after the process that made them
/// (<c>{kind}-{pid}-{n}</c>), so a starting process removes those of processes that are gone.
/// </summary>
internal static class ConversionDirectories
{
    public static string Create(string parent, string kind)
    {
        var path = Path.Combine(parent, string.Create(CultureInfo.InvariantCulture, $"{kind}-{Environment.ProcessId}-{Guid.NewGuid():N}"));
        Directory.CreateDirectory(path);
        return path;
    }

    public static void Delete(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
            // Another attempt at start (RemoveStale) will take it; nothing else reads it.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Removes folders left by processes that no longer run.</summary>
    public static void RemoveStale(string parent)
    {
        if (!Directory.Exists(parent))
        {
            return;
        }

        foreach (var dir in Directory.EnumerateDirectories(parent))
        {
            var parts = Path.GetFileName(dir).Split('-');
            if (parts.Length >= 3 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && pid != Environment.ProcessId && !IsRunning(pid))
            {
                Delete(dir);
            }
        }
    }

    private static bool IsRunning(int pid) => OperatingSystem.IsLinux()
        ? Directory.Exists(string.Create(CultureInfo.InvariantCulture, $"/proc/{pid}"))
        : true;
}
