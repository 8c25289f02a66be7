using System.Runtime.InteropServices;

namespace FileSearch.Ocr.Tesseract;

/// <summary>
/// The native allocator: which one runs, and returning glibc's freed memory to the OS. Tesseract allocates and frees
/// tens of megabytes per page; glibc keeps much of that in its arenas, so a long-running worker's RSS creeps up without
/// any live leak (jemalloc returns it by itself, after its decay time).
/// </summary>
public static partial class NativeHeap
{
    /// <summary>Calls <c>malloc_trim(0)</c>; false where glibc is not the allocator.</summary>
    public static bool Trim()
    {
        try
        {
            return MallocTrim(0) != 0;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    /// <summary>
    /// The native allocator this process runs on: <c>jemalloc</c> or <c>tcmalloc</c> when one is mapped (preloaded, as the
    /// <c>./filesearch</c> launcher does with jemalloc), otherwise <c>glibc</c>; <c>unknown</c> without <c>/proc</c>.
    /// </summary>
    public static string Allocator(string mapsPath = "/proc/self/maps")
    {
        try
        {
            foreach (var line in File.ReadLines(mapsPath))
            {
                if (line.Contains("libjemalloc", StringComparison.Ordinal))
                {
                    return "jemalloc";
                }

                if (line.Contains("libtcmalloc", StringComparison.Ordinal))
                {
                    return "tcmalloc";
                }
            }

            return "glibc";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "unknown";
        }
    }

    [DllImport("libc", EntryPoint = "malloc_trim")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int MallocTrim(nuint pad);
}
