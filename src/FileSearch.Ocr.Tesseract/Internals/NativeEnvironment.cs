using System.Runtime.InteropServices;

namespace FileSearch.Ocr.Tesseract.Internals;

/// <summary>
/// The C library's environment. <see cref="Environment.SetEnvironmentVariable(string, string)"/> only changes
/// .NET's managed copy on Linux; native libraries (libgomp reads <c>OMP_THREAD_LIMIT</c> when it loads) see
/// <c>environ</c>, which only <c>setenv</c> changes.
/// </summary>
internal static partial class NativeEnvironment
{
    /// <summary>Sets <paramref name="name"/> unless the process environment already has it.</summary>
    public static void SetDefault(string name, string value)
    {
        if (GetEnv(name) == IntPtr.Zero && SetEnv(name, value, overwrite: 0) != 0)
        {
            throw new InvalidOperationException($"setenv({name}) failed with errno {Marshal.GetLastPInvokeError()}");
        }

        Environment.SetEnvironmentVariable(name, Get(name));
    }

    public static string? Get(string name) => Marshal.PtrToStringUTF8(GetEnv(name));

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int SetEnv(string name, string value, int overwrite);

    [LibraryImport("libc", EntryPoint = "getenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr GetEnv(string name);
}
