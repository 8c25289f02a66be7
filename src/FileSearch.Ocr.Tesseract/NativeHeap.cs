using System.Runtime.InteropServices;

namespace FileSearch.Ocr.Tesseract;

/// <summary>
/// glibc's allocator: returning freed native memory to the OS. Tesseract allocates and frees tens of megabytes per
/// page; glibc keeps much of that in its arenas, so a long-running worker's RSS creeps up without any live leak.
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

    [DllImport("libc", EntryPoint = "malloc_trim")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int MallocTrim(nuint pad);
}
