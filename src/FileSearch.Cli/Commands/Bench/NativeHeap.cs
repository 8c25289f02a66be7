using System.Runtime.InteropServices;

namespace FileSearch.Cli.Commands.Bench;

/// <summary>glibc's allocator: returning freed native memory to the OS, to tell fragmentation from live allocations.</summary>
internal static partial class NativeHeap
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

    [DllImport("libc", EntryPoint = "malloc_trim")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int MallocTrim(nuint pad);
}
