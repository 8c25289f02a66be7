using System.Runtime.InteropServices;

namespace FileSearch.Imaging.Internals;

/// <summary>Pixels written by libvips into GLib memory, freed with <c>g_free</c> exactly once.</summary>
internal sealed class NativeBuffer : SafeHandle
{
    public NativeBuffer(IntPtr memory, long length)
        : base(IntPtr.Zero, ownsHandle: true)
    {
        SetHandle(memory);
        Length = length;
    }

    public long Length { get; }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        NetVips.NetVips.Free(handle);
        return true;
    }
}
