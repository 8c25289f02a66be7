using System.Runtime.InteropServices;

namespace FileSearch.Imaging.Internals;

/// <summary>Native pixel memory, written by libvips (GLib memory, freed with <c>g_free</c>) or allocated with <see cref="NativeMemory"/>; freed exactly once by its allocator.</summary>
internal sealed class NativeBuffer : SafeHandle
{
    private readonly bool _fromVips;

    /// <summary>Takes ownership of memory libvips allocated (freed with <c>g_free</c>).</summary>
    public NativeBuffer(IntPtr memory, long length)
        : this(memory, length, fromVips: true)
    {
    }

    private NativeBuffer(IntPtr memory, long length, bool fromVips)
        : base(IntPtr.Zero, ownsHandle: true)
    {
        SetHandle(memory);
        Length = length;
        _fromVips = fromVips;
    }

    public long Length { get; }

    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <summary>Allocates <paramref name="length"/> bytes with <see cref="NativeMemory"/> (freed with it).</summary>
    public static unsafe NativeBuffer Allocate(long length) =>
        new((IntPtr)NativeMemory.Alloc(checked((nuint)Math.Max(1, length))), length, fromVips: false);

    protected override unsafe bool ReleaseHandle()
    {
        if (_fromVips)
        {
            NetVips.NetVips.Free(handle);
        }
        else
        {
            NativeMemory.Free((void*)handle);
        }

        return true;
    }
}
