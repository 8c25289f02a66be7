using System.Runtime.InteropServices;

namespace FileSearch.Benchmarks;

/// <summary>
/// libmagic (the library behind <c>file --mime-type</c> and python-magic), called in-process: the usual
/// alternative to our own signature table. Debian: <c>apt-get install libmagic1</c>.
/// </summary>
internal sealed partial class LibMagic : IDisposable
{
    private const string LibraryName = "libmagic.so.1";
    private const int MimeType = 0x10; // MAGIC_MIME_TYPE

    private IntPtr _cookie;

    public LibMagic()
    {
        _cookie = magic_open(MimeType);
        if (_cookie == IntPtr.Zero || magic_load(_cookie, null) != 0)
        {
            Dispose();
            throw new InvalidOperationException("libmagic could not load its database; apt-get install libmagic1 libmagic-mgc");
        }
    }

    /// <summary>The MIME type libmagic reports for the file, e.g. <c>application/pdf</c>.</summary>
    public string Detect(string path) =>
        Marshal.PtrToStringUTF8(magic_file(_cookie, path)) ?? throw new InvalidOperationException($"libmagic failed on {path}");

    public void Dispose()
    {
        if (_cookie != IntPtr.Zero)
        {
            magic_close(_cookie);
            _cookie = IntPtr.Zero;
        }
    }

    [LibraryImport(LibraryName)]
    private static partial IntPtr magic_open(int flags);

    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int magic_load(IntPtr cookie, string? path);

    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr magic_file(IntPtr cookie, string path);

    [LibraryImport(LibraryName)]
    private static partial void magic_close(IntPtr cookie);
}
