using System.Runtime.InteropServices;

namespace FileSearch.Ocr.Tesseract.Internals;

/// <summary>Loads libtesseract with OpenMP held to one thread, and reports a missing install in one actionable line.</summary>
internal static class TesseractLibrary
{
    public const string InstallHint = "apt-get install tesseract-ocr tesseract-ocr-jpn";

    /// <summary>
    /// Sets <c>OMP_THREAD_LIMIT=1</c> in the native environment (unless the operator set it) and loads the
    /// library. Returns null on success, otherwise the error to show.
    /// </summary>
    public static string? TryLoad(string libraryName = TessApi.LibraryName)
    {
        // libgomp reads this once, when libtesseract pulls it in: without it every engine would spin up one
        // OpenMP thread per core, and the pool already runs one engine per core.
        NativeEnvironment.SetDefault("OMP_THREAD_LIMIT", "1");
        return NativeLibrary.TryLoad(libraryName, out _) ? null : $"{libraryName} not found: {InstallHint}";
    }

    /// <summary>Like <see cref="TryLoad"/>, throwing <see cref="InvalidOperationException"/> on failure.</summary>
    public static void EnsureLoaded()
    {
        if (TryLoad() is { } error)
        {
            throw new InvalidOperationException(error);
        }
    }

    /// <summary>The library's version string, e.g. <c>5.3.0</c>.</summary>
    public static string Version() => Marshal.PtrToStringUTF8(TessApi.TessVersion()) ?? "unknown";
}
