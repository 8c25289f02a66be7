using FileSearch.Core.Domain;
using FileSearch.Imaging.Internals;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NetVips;
using Log = FileSearch.Imaging.Internals.Log;

namespace FileSearch.Imaging;

/// <summary>
/// The process's libvips set-up for hostile input, applied once when the singleton is created (at host
/// start through a hosted service, or before the first decode): untrusted loaders are blocked (only the
/// fuzzed, well-maintained loaders such as JPEG, PNG, TIFF, WebP, GIF and HEIF stay enabled) and the
/// operation cache is disabled so decoded pixels and file handles are not kept between documents.
/// It also records which <see cref="FileKind"/>s the bundled libvips can decode.
/// </summary>
public sealed class VipsRuntime
{
    private static readonly (FileKind Kind, string Operation)[] Loaders =
    [
        (FileKind.Png, "pngload"),
        (FileKind.Jpeg, "jpegload"),
        (FileKind.Tiff, "tiffload"),
        (FileKind.WebP, "webpload"),
        (FileKind.Gif, "gifload"),
        (FileKind.Heic, "heifload"),

        // libvips has no BMP reader of its own: only through ImageMagick, which the bundled build lacks.
        (FileKind.Bmp, "magickload"),
    ];

    private readonly HashSet<FileKind> _supported = [];

    /// <summary>Initialises libvips; throws <see cref="InvalidOperationException"/> when it cannot be loaded.</summary>
    public VipsRuntime(ILogger<VipsRuntime>? logger = null)
    {
        if (!ModuleInitializer.VipsInitialized)
        {
            throw new InvalidOperationException(
                "libvips could not be loaded: the NetVips.Native.linux-x64 package must be deployed with the application",
                ModuleInitializer.Exception);
        }

        NetVips.NetVips.BlockUntrusted = true;

        // The operation cache would keep recently decoded images (and their files) alive across documents.
        Cache.Max = 0;

        foreach (var (kind, operation) in Loaders)
        {
            if (NetVips.NetVips.TypeFind("VipsOperation", operation) != IntPtr.Zero)
            {
                _supported.Add(kind);
            }
        }

        Version = $"{NetVips.NetVips.Version(0)}.{NetVips.NetVips.Version(1)}.{NetVips.NetVips.Version(2)}";
        Log.VipsReady(logger ?? NullLogger<VipsRuntime>.Instance, Version,
            string.Join(',', _supported.Order().Select(k => k.ShortName())));
    }

    /// <summary>The libvips version, e.g. <c>8.18.7</c>.</summary>
    public string Version { get; }

    /// <summary>True when the bundled libvips has a loader for <paramref name="kind"/>.</summary>
    public bool CanDecode(FileKind kind) => _supported.Contains(kind);
}
